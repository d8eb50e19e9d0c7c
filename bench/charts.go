package bench

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Chart sizes: every chart is ChartWidth wide; the rate charts are ChartHeight tall, so
// their PNGs are ChartWidth·ChartDPI/72 by ChartHeight·ChartDPI/72 pixels (1200×660).
// The fraction-of-ceiling chart grows with the number of cases.
const (
	ChartWidth  = 10 * vg.Inch
	ChartHeight = 5.5 * vg.Inch
	ChartDPI    = 120
)

// Chart is one chart of a report: a base file name (without extension; written as .png
// and .svg) and what it shows.
type Chart struct {
	File, Title string
	Op          string // the operation it plots; "" for a chart over every operation
}

// rateOf is a result's headline rate and its unit: GFLOP/s if it counts flops, else
// GB/s, else Gelem/s.
func rateOf(r Result) (float64, string) {
	switch {
	case r.GFlops > 0:
		return r.GFlops, "GFLOP/s"
	case r.GBps > 0:
		return r.GBps, "GB/s"
	case r.GElems > 0:
		return r.GElems, "Gelem/s"
	}
	return 0, ""
}

// peakUnit is the unit of a ceiling: GFLOP/s for the FMA ones, GB/s for bandwidth.
func peakUnit(peak string) string {
	switch peak {
	case "":
		return ""
	case PeakFMA64.String(), PeakFMA32.String():
		return "GFLOP/s"
	}
	return "GB/s"
}

// sizeValue reads a size label as a number for a chart's x axis: "1024", "n=64",
// "n=1e5". Labels of other shapes (such as "64x4096x64") are not on a common axis.
func sizeValue(label string) (float64, bool) {
	s := strings.TrimPrefix(label, "n=")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 || strings.ContainsAny(s, "x:(") {
		return 0, false
	}
	return v, true
}

// caption is the machine line under every chart.
func (rr *RunRecord) caption() string {
	cpu := rr.Info.CPU
	if cpu == "" {
		cpu = "unknown CPU"
	}
	s := fmt.Sprintf("%s, %s, %d cores (GOMAXPROCS %d), top level %s", cpu, rr.Info.GOARCH,
		rr.Info.PhysicalCores, rr.Info.GOMAXPROCS, rr.Info.Detected)
	if !rr.Date.IsZero() {
		s += ", " + rr.Date.UTC().Format("2006-01-02 15:04 UTC")
	}
	return s
}

// WriteCharts draws the run's charts into dir as PNG and SVG and returns them in the
// order the report shows them: for every operation with at least two sizes on a common
// axis, its rate against size for each implementation, one chart for one-core cases and
// one for multi-core ones, with the ceilings drawn (a log rate axis when the rates span
// more than 30×, as for Kronecker-free against materialized); then the fraction of its
// ceiling that each of matkern's cases at its top level reaches. (The log axis looks at
// the rates, not the ceilings.)
func WriteCharts(dir string, rr *RunRecord) ([]Chart, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var charts []Chart
	for _, op := range opsOf(rr.Results) {
		for _, mt := range []bool{false, true} {
			p, legend, title, ok := rateChart(rr, op, mt)
			if !ok {
				continue
			}
			file := op
			if mt {
				file += "-mt"
			}
			if err := saveChart(p, legend, rr.caption(), filepath.Join(dir, file), ChartWidth, ChartHeight); err != nil {
				return nil, err
			}
			charts = append(charts, Chart{File: file, Title: title, Op: op})
		}
	}
	if p, h, ok := fractionChart(rr); ok {
		if err := saveChart(p, nil, rr.caption(), filepath.Join(dir, "ceiling-fraction"), ChartWidth, h); err != nil {
			return nil, err
		}
		charts = append(charts, Chart{File: "ceiling-fraction", Title: "fraction of the ceiling, matkern at its top level"})
	}
	return charts, nil
}

// opsOf lists the operations of results in their order.
func opsOf(results []Result) []string {
	var ops []string
	seen := map[string]bool{}
	for _, r := range results {
		if !seen[r.Op] {
			seen[r.Op] = true
			ops = append(ops, r.Op)
		}
	}
	return ops
}

// saveChart draws p with the machine's caption along the bottom and, if legend has
// entries, that legend to the right of the plot, as base.png and base.svg.
func saveChart(p *plot.Plot, legend *plot.Legend, caption, base string, w, h vg.Length) error {
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(ChartDPI))
	drawChart(draw.New(c), p, legend, caption)
	if err := writeTo(base+".png", vgimg.PngCanvas{Canvas: c}); err != nil {
		return err
	}
	s := vgsvg.New(w, h)
	drawChart(draw.New(s), p, legend, caption)
	return writeTo(base+".svg", s)
}

func drawChart(c draw.Canvas, p *plot.Plot, legend *plot.Legend, caption string) {
	if p.BackgroundColor != nil {
		c.SetColor(p.BackgroundColor)
		c.Fill(c.Rectangle.Path())
	}
	sty := p.X.Label.TextStyle
	sty.Font.Size = vg.Points(9)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
	c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Min.Y + vg.Points(4)}, caption)
	c = draw.Crop(c, vg.Points(4), -vg.Points(8), sty.Rectangle(caption).Size().Y+vg.Points(10), -vg.Points(4))
	if legend != nil {
		lw := legend.Rectangle(c).Size().X + vg.Points(12)
		lc := draw.Crop(c, c.Size().X-lw, 0, 0, -p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y-p.Title.Padding)
		legend.Top, legend.Left = true, true
		legend.Draw(lc)
		c = draw.Crop(c, 0, -lw, 0, 0)
	}
	p.Draw(c)
}

func writeTo(name string, c io.WriterTo) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := c.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// series is one line of a rate chart.
type series struct {
	name string
	xys  plotter.XYs
}

// rateChart draws op's rates against size for the one-core (mt false) or multi-core
// cases; ok is false when there is nothing to draw (fewer than two sizes on an axis).
func rateChart(rr *RunRecord, op string, mt bool) (p *plot.Plot, legend *plot.Legend, title string, ok bool) {
	unit := ""
	lines := map[string]*series{}
	var order []string
	ceilings := map[string]*series{}
	var ceilOrder []string
	sizes := map[float64]string{}
	lo, hi, top := math.Inf(1), 0.0, 0.0 // the rates' range; the top of the ceilings
	for _, r := range rr.Results {
		if r.Op != op || (max(1, r.Threads) > 1) != mt {
			continue
		}
		x, isNum := sizeValue(r.Size)
		v, u := rateOf(r)
		if !isNum || v <= 0 {
			continue
		}
		if unit == "" {
			unit = u
		}
		if u != unit {
			continue
		}
		sizes[x] = strings.TrimPrefix(r.Size, "n=")
		s := lines[r.Impl]
		if s == nil {
			s = &series{name: implName(r)}
			lines[r.Impl] = s
			order = append(order, r.Impl)
		}
		s.xys = append(s.xys, plotter.XY{X: x, Y: v})
		lo, hi = math.Min(lo, v), math.Max(hi, v)
		if r.PeakValue > 0 && peakUnit(r.Peak) == unit && r.Level != "generic" {
			key := fmt.Sprintf("%s ceiling, %s, %d core", r.Peak, r.Level, max(1, r.Threads))
			if r.Threads > 1 {
				key += "s"
			}
			c := ceilings[key]
			if c == nil {
				c = &series{name: key}
				ceilings[key] = c
				ceilOrder = append(ceilOrder, key)
			}
			if n := len(c.xys); n == 0 || c.xys[n-1].X != x {
				c.xys = append(c.xys, plotter.XY{X: x, Y: r.PeakValue})
				top = math.Max(top, r.PeakValue)
			}
		}
	}
	if len(sizes) < 2 {
		return nil, nil, "", false
	}
	cores := "one core"
	if mt {
		cores = "all cores"
	}
	title = fmt.Sprintf("%s: %s against size, %s", op, unit, cores)
	p = plot.New()
	p.Title.Text = title
	p.X.Label.Text = "size (n)"
	p.Y.Label.Text = unit
	p.X.Scale = plot.LogScale{}
	var ticks []plot.Tick
	for x, l := range sizes {
		ticks = append(ticks, plot.Tick{Value: x, Label: l})
	}
	sort.Slice(ticks, func(i, j int) bool { return ticks[i].Value < ticks[j].Value })
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	if hi/lo > 30 {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
		p.Y.Label.Text = unit + " (log scale)"
	} else {
		p.Y.Min, p.Y.Max = 0, 1.05*math.Max(hi, top)
	}
	p.Add(plotter.NewGrid())
	lg := plot.NewLegend()
	legend = &lg
	legend.TextStyle.Font.Size = vg.Points(9)
	for i, key := range ceilOrder {
		c := ceilings[key]
		sort.Slice(c.xys, func(a, b int) bool { return c.xys[a].X < c.xys[b].X })
		l, err := plotter.NewLine(c.xys)
		if err != nil {
			continue
		}
		l.Color = color.Gray{Y: uint8(60 + 40*(i%4))}
		l.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		l.Width = vg.Points(1.5)
		p.Add(l)
		legend.Add(c.name, l)
	}
	for i, impl := range order {
		s := lines[impl]
		sort.Slice(s.xys, func(a, b int) bool { return s.xys[a].X < s.xys[b].X })
		l, pts, err := plotter.NewLinePoints(s.xys)
		if err != nil {
			continue
		}
		l.Color, pts.Color = plotutil.Color(i), plotutil.Color(i)
		l.Width = vg.Points(1.5)
		pts.Shape = plotutil.Shape(i)
		if i >= 7 {
			l.Dashes = plotutil.Dashes(1 + i/7)
		}
		p.Add(l, pts)
		legend.Add(s.name, l, pts)
	}
	return p, legend, title, true
}

// implName is the legend's name for a result: its Impl, with a comparison column's
// label (such as OpenBLAS's kernel set) after it.
func implName(r Result) string {
	if r.Label != "" {
		return r.Impl + " (" + r.Label + ")"
	}
	return r.Impl
}

// fractionChart draws, for every case of matkern's top level (one core and all) that
// has a ceiling, the fraction of it the median sample reaches (bar) and the fastest
// sample (dot). It returns the chart's height, which grows with the number of bars.
func fractionChart(rr *RunRecord) (*plot.Plot, vg.Length, bool) {
	top := rr.topLevel()
	var names []string
	var med, best plotter.Values
	for _, r := range rr.Results {
		if !r.Matkern || r.OfPeak <= 0 || (r.Impl != top && r.Impl != top+"-mt") {
			continue
		}
		names = append(names, fmt.Sprintf("%s %s %s", r.Op, r.Size, r.Impl))
		med = append(med, r.OfPeakMedian)
		best = append(best, r.OfPeak)
	}
	if len(names) == 0 {
		return nil, 0, false
	}
	// Top to bottom in the order of the results.
	n := len(names)
	for i := 0; i < n/2; i++ {
		names[i], names[n-1-i] = names[n-1-i], names[i]
		med[i], med[n-1-i] = med[n-1-i], med[i]
		best[i], best[n-1-i] = best[n-1-i], best[i]
	}
	p := plot.New()
	p.Title.Text = "Fraction of the ceiling, matkern at " + top + " (median sample: bar; fastest: dot)"
	p.X.Label.Text = "fraction of the case's ceiling (FMA for GFLOP/s, bandwidth at its working set for GB/s)"
	p.X.Min, p.X.Max = 0, 1.1
	for _, v := range best {
		p.X.Max = math.Max(p.X.Max, v+0.05)
	}
	bars, err := plotter.NewBarChart(med, vg.Points(7))
	if err != nil {
		return nil, 0, false
	}
	bars.Horizontal = true
	bars.Color = plotutil.Color(0)
	bars.LineStyle.Width = 0
	xys := make(plotter.XYs, n)
	for i, v := range best {
		xys[i] = plotter.XY{X: v, Y: float64(i)}
	}
	dots, err := plotter.NewScatter(xys)
	if err != nil {
		return nil, 0, false
	}
	dots.Color = color.Black
	dots.Shape = draw.CircleGlyph{}
	dots.Radius = vg.Points(2)
	p.Add(plotter.NewGrid(), bars, dots)
	p.NominalY(names...)
	p.Y.Tick.Label.Font.Size = 7
	p.Legend.Add("median", bars)
	p.Legend.Add("fastest", dots)
	p.Legend.Top = true
	h := vg.Length(n)*vg.Points(10) + 1.5*vg.Inch
	return p, h, true
}
