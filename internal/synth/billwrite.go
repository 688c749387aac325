package synth

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// BillHeader is the header row of the China Mobile call bill
// WriteCarrierBill writes.
var BillHeader = []string{"起始时间", "通信地点", "通信方式", "对方号码", "通信时长", "通信类型", "套餐优惠", "实收通信费(元)"}

// WriteCarrierBill writes the owner's China Mobile call bill (通话详单) of
// rows calls for the streamed case of seed, as an XLSX workbook the way the
// carrier's business hall prints a bill for the months asked: title rows
// ("从2016-01-01到2016-02-29 类型：通话详单 总条数：1234") above the
// header, start times without the year ("01-02 13:13:40"), durations as
// "2分32秒", fees as numbers, a total row below.
//
// calls is the number of records of the WriteSBRCalls file of the same seed
// that the bill goes with. A carrier bills calls that connected, so the
// bill's calls are among that file's answered incoming calls, outgoing
// calls that lasted and calls answered elsewhere (not those from withheld
// numbers); the carrier's clock is up to a second later than the phone's
// and its duration up to a second shorter, so that each is recognisably
// the same call. Four rows in five are such calls when the file has enough
// of them (SharedBillRows); the others are calls the phone's log lacks, as
// if deleted from it, between the file's calls and with numbers of the same
// pool, or after its last call. With calls 0 every row is of the latter
// kind. The rows are in time order.
//
// The sheet is written with excelize's StreamWriter, which keeps at most
// 16 MiB of it in memory and the rest in a temporary file; excelize then
// assembles the zipped workbook in memory, about 40 bytes a row. The bill
// is one sheet because excelize writes the streamed sheets of a workbook
// in random order.
func WriteCarrierBill(w io.Writer, seed int64, calls, rows int) error {
	if calls < 0 || rows < 0 {
		return fmt.Errorf("synth: negative size (calls=%d rows=%d)", calls, rows)
	}
	h := newHousehold(seed)
	// The months the bill covers, for the title.
	first, last := int64(streamStart), int64(streamStart)
	n := 0
	err := billPlan(seed, calls, rows, func(b *billCall) error {
		if n == 0 {
			first = b.at
		}
		last = b.at
		n++
		return nil
	})
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	bs := &billSheet{f: f, h: h, r: newRndStream(seed, pcgBillSheet)}
	if err := bs.start(first, last, rows); err != nil {
		return err
	}
	if err := billPlan(seed, calls, rows, bs.add); err != nil {
		return err
	}
	if err := bs.finish(); err != nil {
		return err
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// SharedBillRows is how many rows of WriteCarrierBill(w, seed, calls,
// rows) are calls of the WriteSBRCalls file of seed and calls records.
func SharedBillRows(seed int64, calls, rows int) int {
	return min(billable(seed, calls), rows*4/5)
}

// billCall is one row of the bill.
type billCall struct {
	at  int64  // Unix ms, whole seconds
	num string // as the carrier writes it: national, without +86
	dir string // 主叫, 被叫, 呼转
	dur int    // seconds
}

// connected reports whether a call of the phone's log is one the carrier
// bills: it connected, and the phone shows the number.
func connected(c *call) bool {
	switch {
	case c.pres != 1:
		return false
	case c.typ == 1, c.typ == 7:
		return true
	case c.typ == 2:
		return c.dur > 0
	}
	return false
}

// billable counts the connected calls of the first n streamed calls.
func billable(seed int64, n int) int {
	cs, _ := newCallStream(seed)
	var c call
	k := 0
	for range n {
		cs.next(&c)
		if connected(&c) {
			k++
		}
	}
	return k
}

// billPlan passes the rows of the bill to fn in time order, the same for
// the same arguments.
func billPlan(seed int64, calls, rows int, fn func(*billCall) error) error {
	connLeft := billable(seed, calls)
	shared := min(connLeft, rows*4/5)
	extra := rows - shared
	r := newRndStream(seed, pcgBill)
	st := newStream(seed) // the pools
	cs, _ := newCallStream(seed)
	var c call
	var b billCall
	// deleted makes a row of a call the phone's log lacks, a second after
	// the phone's call at prev.
	deleted := func(prev int64) error {
		b = billCall{at: (prev/1000 + 1) * 1000, dir: "被叫", dur: r.between(1, 180)}
		switch x := r.Float64(); {
		case x < 0.85:
			b.num = pick(r, st.mobiles)
		case x < 0.95:
			b.num = streamLandline(r.IntN(21000))
		default:
			b.num = pick(r, []string{"95588", "10086", "95533"})
		}
		switch x := r.Float64(); {
		case x < 0.28:
			b.dir, b.dur = "主叫", r.between(1, 900)
		case x < 0.30:
			b.dir = "呼转"
		}
		return fn(&b)
	}
	for left := calls; left > 0; left-- {
		cs.next(&c)
		if connected(&c) {
			// Selection sampling: exactly shared of the connected calls.
			if r.IntN(connLeft) < shared {
				shared--
				b = billCall{
					at:  (c.at/1000 + int64(r.IntN(2))) * 1000,
					num: strings.TrimPrefix(c.number, "+86"),
					dir: pickIf(c.typ == 2, "主叫", "被叫"),
					dur: max(1, c.dur-r.IntN(2)),
				}
				if err := fn(&b); err != nil {
					return err
				}
			}
			connLeft--
		}
		if extra > 0 && r.IntN(left) < extra {
			extra--
			if err := deleted(c.at); err != nil {
				return err
			}
		}
	}
	prev := st.at
	if calls > 0 {
		prev = c.at
	}
	for ; extra > 0; extra-- {
		prev += 1000 + r.Int64N(20000)
		if err := deleted(prev); err != nil {
			return err
		}
	}
	return nil
}

// billSheet writes the bill's sheet.
type billSheet struct {
	f     *excelize.File
	h     *household
	r     rnd
	sw    *excelize.StreamWriter
	row   int
	n     int     // calls written
	fees  float64 // their sum
	cells []any
}

// billSheetName is the name of the bill's sheet.
const billSheetName = "通话详单"

// start writes the titles and the header of a bill of n calls from the
// month of first to the month of last (Unix ms).
func (s *billSheet) start(first, last int64, n int) error {
	if err := s.f.SetSheetName("Sheet1", billSheetName); err != nil {
		return fmt.Errorf("name sheet: %w", err)
	}
	var err error
	if s.sw, err = s.f.NewStreamWriter(billSheetName); err != nil {
		return fmt.Errorf("stream sheet: %w", err)
	}
	from := time.UnixMilli(first).In(s.h.st.loc)
	from = from.AddDate(0, 0, 1-from.Day())
	to := time.UnixMilli(last).In(s.h.st.loc)
	to = to.AddDate(0, 1, -to.Day())
	surname, _, _ := strings.Cut(s.h.ownerName(), s.h.ownerGiven())
	if err := s.put(fmt.Sprintf("从%s到%s 类型：通话详单 总条数：%d", from.Format("2006-01-02"), to.Format("2006-01-02"), n)); err != nil {
		return err
	}
	if err := s.put(fmt.Sprintf("客户姓名：%s**  手机号码：%s", surname, masked(s.h.owner))); err != nil {
		return err
	}
	s.row++ // an empty row
	cells := make([]any, len(BillHeader))
	for i, c := range BillHeader {
		cells[i] = c
	}
	return s.put(cells...)
}

// add writes one call.
func (s *billSheet) add(b *billCall) error {
	r := s.r
	place, kind := "深圳", "本地"
	if r.chance(0.04) {
		place, kind = pick(r, []string{"广州", "东莞", "惠州"}), "省内漫游"
	} else if r.chance(0.1) {
		kind = "国内长途"
	}
	var plan any // blank
	fee := 0.0
	mins := float64((b.dur + 59) / 60)
	switch {
	case b.dir == "主叫" && r.chance(0.7):
		plan = "套餐内"
	case b.dir == "主叫":
		fee = mins * 0.19
	case b.dir == "呼转":
		fee = mins * 0.15
	}
	fee = math.Round(fee*100) / 100
	s.n++
	s.fees += fee
	at := time.UnixMilli(b.at).In(s.h.st.loc).Format("01-02 15:04:05")
	return s.put(at, place, b.dir, b.num, billDuration(b.dur), kind, plan, fee)
}

// finish writes the total row and flushes the sheet.
func (s *billSheet) finish() error {
	if err := s.put(fmt.Sprintf("合计：%d条", s.n), nil, nil, nil, nil, nil, nil, math.Round(s.fees*100)/100); err != nil {
		return err
	}
	if err := s.sw.Flush(); err != nil {
		return fmt.Errorf("flush sheet: %w", err)
	}
	return nil
}

// put writes the next row.
func (s *billSheet) put(cells ...any) error {
	s.row++
	cell, err := excelize.CoordinatesToCellName(1, s.row)
	if err != nil {
		return err
	}
	s.cells = append(s.cells[:0], cells...)
	return s.sw.SetRow(cell, s.cells)
}

// billDuration writes seconds as China Mobile's bills do: 2分32秒, 15秒,
// 1小时2分3秒.
func billDuration(sec int) string {
	switch h, m, s := sec/3600, sec/60%60, sec%60; {
	case h > 0:
		return fmt.Sprintf("%d小时%d分%d秒", h, m, s)
	case m > 0:
		return fmt.Sprintf("%d分%d秒", m, s)
	default:
		return fmt.Sprintf("%d秒", s)
	}
}
