package ingest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/leaktrail/leaktrail"
	"github.com/xuri/excelize/v2"
)

// bigXLSX names a 200k-row bill to benchmark instead of writing one per
// run, so that a measurement of the process (peak RSS) leaves out the
// writing:
//
//	go test ./ingest -run TestWriteBigXLSX -big-xlsx=/tmp/bill-200k.xlsx
//	go test -c -o /tmp/ingest.test ./ingest
//	/usr/bin/time -v /tmp/ingest.test -test.run '^$' -test.bench BenchmarkXLSX200k -test.benchtime 1x -big-xlsx=/tmp/bill-200k.xlsx
var bigXLSX = flag.String("big-xlsx", "", "path of the 200k-row .xlsx of BenchmarkXLSX200k (written by TestWriteBigXLSX)")

const bigRows = 200_000

// writeBigXLSX writes a China Mobile style bill of bigRows calls with
// excelize's StreamWriter.
func writeBigXLSX(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"从2026-03-01到2026-03-31 类型：通话详单"}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", []any{"起始时间", "通信地点", "通信方式", "对方号码", "通信时长", "通信类型", "套餐优惠", "实收通信费(元)"}); err != nil {
		return err
	}
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	ways := []string{"主叫", "被叫", "被叫", "呼转"}
	row := make([]any, 8)
	for i := range bigRows {
		at := start.Add(time.Duration(i) * 13 * time.Second)
		row[0] = at.Format("01-02 15:04:05")
		row[1] = "北京"
		row[2] = ways[i%len(ways)]
		row[3] = fmt.Sprintf("170%08d", i%5000)
		row[4] = fmt.Sprintf("%d分%d秒", i%7, i%60)
		row[5] = "本地"
		row[6] = ""
		row[7] = float64(i%10) / 10
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

func TestWriteBigXLSX(t *testing.T) {
	if *bigXLSX == "" {
		t.Skip("run with -big-xlsx=path to write the benchmark's bill")
	}
	if err := writeBigXLSX(*bigXLSX); err != nil {
		t.Fatal(err)
	}
}

// countSink counts what an import emits.
type countSink struct{ events, rejects int }

func (s *countSink) Event(*leaktrail.Event) error     { s.events++; return nil }
func (s *countSink) Contact(*leaktrail.Contact) error { return nil }
func (s *countSink) Reject(*leaktrail.Reject) error   { s.rejects++; return nil }

// peakHeap samples the heap in use until stop is closed.
func peakHeap(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		var peak uint64
		var ms runtime.MemStats
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-stop:
				out <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return out
}

// BenchmarkXLSX200k imports a 200k-row bill through XLSX and importRows
// and reports rows per second and the peak heap in use.
func BenchmarkXLSX200k(b *testing.B) {
	path := *bigXLSX
	if path == "" {
		path = filepath.Join(b.TempDir(), "bill.xlsx")
		var once sync.Once
		var err error
		once.Do(func() { err = writeBigXLSX(path) })
		if err != nil {
			b.Fatal(err)
		}
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	runtime.GC()
	stop := make(chan struct{})
	peak := peakHeap(stop)
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		sink := &countSink{}
		err = XLSX{}.Import(context.Background(), f, Options{Location: shanghai, Name: "bill.xlsx", Year: 2026}, sink)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		if sink.events != bigRows {
			b.Fatalf("%d events, %d rejects, want %d events", sink.events, sink.rejects, bigRows)
		}
	}
	close(stop)
	b.ReportMetric(float64(bigRows*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(<-peak)/(1<<20), "peak-heap-MiB")
}
