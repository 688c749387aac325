package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
)

// progress draws a one-line progress bar on a terminal; elsewhere it does
// nothing.
type progress struct {
	w     io.Writer
	name  string
	on    bool
	last  time.Time
	shown bool
}

func newProgress(w io.Writer, path string) *progress {
	return &progress{w: w, name: filepath.Base(path), on: isTerminal(w)}
}

func (p *progress) update(done, total int64) {
	if !p.on {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < 200*time.Millisecond && done < total {
		return
	}
	p.last = now
	p.shown = true
	pct := 100.0
	if total > 0 {
		pct = float64(done) * 100 / float64(total)
	}
	const width = 30
	fill := int(pct / 100 * width)
	fill = min(max(fill, 0), width)
	fmt.Fprintf(p.w, "\r%-24.24s [%s%s] %5.1f%% %s/%s", p.name, strings.Repeat("#", fill), strings.Repeat(" ", width-fill),
		pct, size(done), size(total))
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1fG", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1fM", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1fK", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%dB", n)
}
