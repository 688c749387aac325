package ingest

import (
	"bytes"
	"fmt"
	"testing"
	"time"
)

// bigXLSStream is a Workbook stream of bigRows calls on four sheets of
// 50,000 rows (BIFF8 holds at most 65,536 rows a sheet), China Mobile
// style: text times and numbers in the shared string table, RK fees.
func bigXLSStream() []byte {
	const sheets = 4
	var sst [][]byte
	index := map[string]uint32{}
	str := func(s string) uint32 {
		if i, ok := index[s]; ok {
			return i
		}
		index[s] = uint32(len(sst))
		sst = append(sst, xlString(s))
		return index[s]
	}
	header := []string{"起始时间", "通信地点", "通信方式", "对方号码", "通信时长", "通信类型", "套餐优惠", "实收通信费(元)"}
	ways := []string{"主叫", "被叫", "被叫", "呼转"}
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var cells []func(w *biffBuilder)
	for s := range sheets {
		var hdr []uint32
		for _, h := range header {
			hdr = append(hdr, str(h))
		}
		type row [7]uint32
		rows := make([]row, bigRows/sheets)
		for i := range rows {
			n := s*len(rows) + i
			at := start.Add(time.Duration(n) * 13 * time.Second)
			rows[i] = row{str(at.Format("01-02 15:04:05")), str("北京"), str(ways[n%4]), str(fmt.Sprintf("170%08d", n%5000)), str(fmt.Sprintf("%d分%d秒", n%7, n%60)), str("本地"), uint32(n % 10)}
		}
		cells = append(cells, func(w *biffBuilder) {
			for c, h := range hdr {
				w.rec(biffLabelSST, cell(0, c), u32(h))
			}
			for i, r := range rows {
				for c := range 6 {
					w.rec(biffLabelSST, cell(i+1, c), u32(r[c]))
				}
				w.rec(biffRK, cell(i+1, 7), u32(r[6]<<2|3))
			}
		})
	}
	var ts []testSheet
	for s := range sheets {
		ts = append(ts, testSheet{name: fmt.Sprintf("第%d页", s+1), cells: cells[s]})
	}
	return biff8Workbook(func(w *biffBuilder) {
		// The SST and its CONTINUE records, split between strings.
		body := append(u32(uint32(len(sst))), u32(uint32(len(sst)))...)
		typ := uint16(biffSST)
		for _, s := range sst {
			if len(body)+len(s) > 8224 {
				w.rec(typ, body)
				typ, body = biffContinue, nil
			}
			body = append(body, s...)
		}
		w.rec(typ, body)
	}, ts, nil)
}

// BenchmarkXLS200k reads a 200k-row Workbook stream through the BIFF
// reader and importRows (the compound file layer, mscfb, is left out) and
// reports rows per second.
func BenchmarkXLS200k(b *testing.B) {
	stream := bigXLSStream()
	b.SetBytes(int64(len(stream)))
	for b.Loop() {
		x := &xlsRows{rw: -1, formula: -1}
		if err := x.start(bytes.NewReader(stream), int64(len(stream)), "Workbook", &defaultXLSLimits); err != nil {
			b.Fatal(err)
		}
		sink := &countSink{}
		if err := importRows(b.Context(), x, Options{Location: shanghai, Name: "bill.xls", Year: 2026}, sink); err != nil {
			b.Fatal(err)
		}
		if sink.events != bigRows {
			b.Fatalf("%d events, %d rejects, want %d events", sink.events, sink.rejects, bigRows)
		}
	}
	b.ReportMetric(float64(bigRows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
