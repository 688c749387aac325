package report

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// csvHeader names the CSV timeline's columns: the three Timesketch
// requires (message, datetime, timestamp_desc), then ours.
var csvHeader = []string{
	"message", "datetime", "timestamp_desc",
	"event_id", "phone", "kind", "direction", "status", "number", "contact_name", "duration_s",
	"body", "labels", "category", "why", "witnesses", "source", "locator",
}

// WriteCSV writes the evidence timeline as CSV that Timesketch imports,
// one event a row, streamed from the database.
//
// The file is plain UTF-8 without a byte order mark, as Timesketch and
// most tools expect; the XLSX workbook is the format for Excel. Still,
// anyone may open it in a spreadsheet, so every text cell that could be
// read as a formula (one starting with = + - @, a tab or a carriage
// return, also after white space) gets a leading single quote, as OWASP
// recommends. Times, event ids and durations are never quoted, nor are
// E.164 numbers (+8617012345678), which no spreadsheet can run. The body
// column keeps the text otherwise exact, line breaks included; message is
// a one-line summary in the report's language.
func WriteCSV(ctx context.Context, w io.Writer, d *Data) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	rec := make([]string, len(csvHeader))
	err := d.Events(ctx, func(e Event) error {
		dur := ""
		if e.DurationS >= 0 {
			dur = strconv.FormatInt(e.DurationS, 10)
		}
		rec[0] = csvText(csvMessage(d, e))
		rec[1] = e.Time.Format(time.RFC3339)
		rec[2] = csvTimestampDesc(e.Kind)
		rec[3] = strconv.FormatInt(e.ID, 10)
		rec[4] = csvText(e.Phone)
		rec[5] = csvText(e.Kind)
		rec[6] = csvText(e.Direction)
		rec[7] = csvText(e.Status)
		rec[8] = csvText(e.Number)
		rec[9] = csvText(e.ContactName)
		rec[10] = dur
		rec[11] = csvText(e.Body)
		rec[12] = csvText(strings.Join(e.Labels, " "))
		rec[13] = csvText(e.Category)
		rec[14] = csvText(e.Why)
		rec[15] = csvText(strings.Join(e.Witnesses, " "))
		rec[16] = csvText(e.Source)
		rec[17] = csvText(e.Locator)
		return cw.Write(rec)
	})
	if err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// csvTimestampDesc says what an event's time is, in Timesketch's zhWords.
func csvTimestampDesc(kind string) string {
	if kind == "call" {
		return "Call Time"
	}
	return "Message Time"
}

// csvMessage sums an event up on one line, in the report's language:
// "call in from +8617012345678 (missed, 0 s)", "sms in from
// +8617012345678: 今天必须还款", with the phone in brackets when it is not
// the owner's.
func csvMessage(d *Data, e Event) string {
	var b strings.Builder
	zh := d.Lang == "zh"
	if e.Phone != d.Analysis.Owner {
		b.WriteString("[" + e.Phone + "] ")
	}
	peer := e.Number
	if e.ContactName != "" {
		peer += " " + e.ContactName
	}
	if e.Kind == "call" {
		var what []string
		if e.Status != "" {
			what = append(what, showCode(d.Lang, e.Status))
		}
		if e.DurationS >= 0 {
			if zh {
				what = append(what, fmt.Sprintf("%d 秒", e.DurationS))
			} else {
				what = append(what, fmt.Sprintf("%d s", e.DurationS))
			}
		}
		switch {
		case zh:
			dir := showDirection(d.Lang, e.Kind, e.Direction)
			if dir == "" {
				dir = "通话"
			}
			b.WriteString(dir + " " + peer)
			if len(what) > 0 {
				b.WriteString("（" + strings.Join(what, "，") + "）")
			}
		default:
			b.WriteString("call " + csvPeer(e.Direction, peer))
			if len(what) > 0 {
				b.WriteString(" (" + strings.Join(what, ", ") + ")")
			}
		}
		return oneLineText(b.String())
	}
	if zh {
		b.WriteString(showCode(d.Lang, e.Kind) + " ")
		switch e.Direction {
		case "in":
			b.WriteString("来自 ")
		case "out":
			b.WriteString("发往 ")
		}
		b.WriteString(peer)
		if e.Body != "" {
			b.WriteString("：" + e.Body)
		}
	} else {
		b.WriteString(e.Kind + " " + csvPeer(e.Direction, peer))
		if e.Body != "" {
			b.WriteString(": " + e.Body)
		}
	}
	return oneLineText(b.String())
}

func csvPeer(dir, peer string) string {
	switch dir {
	case "in":
		return "in from " + peer
	case "out":
		return "out to " + peer
	}
	return "with " + peer
}
