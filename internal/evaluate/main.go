// Command evaluate scores leaktrail's analysis against the ground truth of
// synthetic cases: it generates a case per seed (internal/synth), imports
// its exports into a fresh case database, analyzes it, and compares the
// categories of the numbers, the onset, the leak, the platforms and the
// labels of ordinary messages with what the generator knows.
//
//	go run ./internal/evaluate -seeds 1-20
//
// The generator's texts and the classifier's rules were written apart, so
// that this measures the rules rather than their fit to the generator.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "evaluate:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("evaluate", flag.ContinueOnError)
	seedsFlag := fs.String("seeds", "1-20", "seeds to generate: a range 1-20 or a list 1,5,9")
	quiet := fs.Int("quiet", 2, "also run this many cases with no harassment at all (onset and leak must be null)")
	scale := fs.Float64("scale", 1, "volume of ordinary traffic (synth.Options.Scale)")
	verbose := fs.Bool("v", false, "list every misclassified number")
	dump := fs.String("dump", "", "write every number's truth, category, score and reasons to this file (TSV)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	seeds, err := parseSeeds(*seedsFlag)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "leaktrail-evaluate-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	s, err := evaluate(ctx, dir, seeds, *quiet, *scale)
	if err != nil {
		return err
	}
	s.print(stdout, *verbose)
	if *dump != "" {
		f, err := os.Create(*dump)
		if err != nil {
			return err
		}
		defer f.Close()
		for _, c := range s.cases {
			for _, x := range c.all {
				fmt.Fprintf(f, "%d\t%s\n", c.seed, x)
			}
		}
	}
	return nil
}

func parseSeeds(s string) ([]int64, error) {
	var out []int64
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.ParseInt(strings.TrimSpace(lo), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("bad seed %q", part)
		}
		b := a
		if isRange {
			if b, err = strconv.ParseInt(strings.TrimSpace(hi), 10, 64); err != nil || b < a {
				return nil, fmt.Errorf("bad seed range %q", part)
			}
		}
		for x := a; x <= b; x++ {
			out = append(out, x)
		}
	}
	return out, nil
}
