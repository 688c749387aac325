// Command leaktrail turns a phone's own exports (call logs, SMS backups,
// contacts, carrier bills) into dated, verifiable evidence of debt-collection
// harassment.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	_ "time/tzdata" // the case's zone must load on machines without zoneinfo
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	stopProfile := startProfile(os.Getenv("LEAKTRAIL_CPUPROFILE"))
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfile()
	stop()
	os.Exit(exitCode(err))
}

// startProfile writes a CPU profile of the whole command to path, when
// path is set (LEAKTRAIL_CPUPROFILE; see BENCHMARKS.md), for `go tool
// pprof`. It returns the function that ends it.
func startProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "leaktrail: CPU profile:", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// usageError is a mistake in the command line: exit status 2. An empty
// message means the flag package has already said what is wrong.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// failed reports that the command ran and failed after it said why on
// stderr: exit status 1 with no further message.
var errFailed = errors.New("failed")

func exitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		return 2
	}
	return 1
}

// run is main without the process: it parses args, runs a subcommand and
// writes results to stdout, messages to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	lang := langFromEnv(os.Getenv)
	p := newPrinter(stderr, &lang)
	if len(args) == 0 {
		p.usage()
		return &usageError{}
	}
	var err error
	switch args[0] {
	case "import":
		err = (&importCommand{stdout: stdout, stderr: stderr, lang: lang}).Run(ctx, args[1:])
	case "analyze":
		err = (&analyzeCommand{stdout: stdout, stderr: stderr, lang: lang}).Run(ctx, args[1:])
	case "report":
		err = (&reportCommand{stdout: stdout, stderr: stderr, lang: lang, getenv: os.Getenv}).Run(ctx, args[1:])
	case "run":
		err = (&runCommand{stdout: stdout, stderr: stderr, lang: lang, getenv: os.Getenv}).Run(ctx, args[1:])
	case "verify":
		err = (&verifyCommand{stdout: stdout, stderr: stderr, lang: lang}).Run(ctx, args[1:])
	case "demo":
		err = (&demoCommand{stdout: stdout, stderr: stderr, lang: lang, getenv: os.Getenv}).Run(ctx, args[1:])
	case "help", "-h", "-help", "--help":
		p.usage()
		return nil
	default:
		p.usage()
		p.errorf("%s", p.pick(fmt.Sprintf("未知命令 %q", args[0]), fmt.Sprintf("unknown command %q", args[0])))
		return &usageError{}
	}
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, errFailed), errors.Is(err, flag.ErrHelp):
	case errors.As(err, &ue):
		if ue.msg != "" {
			p.errorf("%s", ue.msg)
		}
	case errors.Is(err, context.Canceled):
		p.line("已中断。再次运行同一命令即可继续：已完成的文件不会重复导入。",
			"Interrupted. Run the same command again to resume: files already imported are skipped.")
	default:
		p.errorf("%v", err)
	}
	return err
}
