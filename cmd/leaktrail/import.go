package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/leaktrail/leaktrail"
	"github.com/leaktrail/leaktrail/ingest"
	"github.com/leaktrail/leaktrail/phone"
	"github.com/leaktrail/leaktrail/sqlite"
)

// importCommand is `leaktrail import`.
type importCommand struct {
	stdout, stderr io.Writer
	lang           lang
}

// importJSON is one file in `import --json` output.
type importJSON struct {
	Path            string `json:"path"`
	Format          string `json:"format,omitempty"`
	SHA256          string `json:"sha256,omitempty"`
	Phone           string `json:"phone,omitempty"`
	Read            int64  `json:"read"`
	Inserted        int64  `json:"inserted"`
	Duplicates      int64  `json:"duplicates"`
	Rejected        int64  `json:"rejected"`
	Linked          int64  `json:"linked,omitempty"`
	AlreadyImported bool   `json:"already_imported,omitempty"`
	Error           string `json:"error,omitempty"`
}

func (c *importCommand) Run(ctx context.Context, args []string) error {
	p := newPrinter(c.stderr, &c.lang)
	fs := newFlagSet("import", p, &c.lang)
	dbPath := fs.String("db", "", "case database file (created when missing)")
	phoneName := fs.String("phone", leaktrail.DefaultPhone, "whose phone the files came from: owner, mother ...")
	tz := fs.String("tz", "Asia/Shanghai", "time zone of the case, for formats that store local time")
	region := fs.String("region", "CN", "default region for numbers written without a country code")
	format := fs.String("format", "", "force an importer instead of detecting the format")
	year := fs.Int("year", 0, "year of dates written without one (carrier bills), when the file does not say")
	encoding := fs.String("encoding", "", "text encoding of CSV files (utf-8, gbk, gb18030, utf-16le, utf-16be, big5) instead of detecting it")
	colMap := fs.String("map", "", "map the file's column headers to leaktrail's columns, e.g. 号码=number,时间=time")
	asJSON := fs.Bool("json", false, "print the summary as JSON on stdout")
	verbose := fs.Bool("v", false, "also show excerpts of rejected records (they may hold numbers and message text)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dbPath == "" {
		return &usageError{p.pick("缺少 --db 案件数据库文件", "missing --db CASE.db")}
	}
	if fs.NArg() == 0 {
		return &usageError{p.pick("没有要导入的文件", "no files to import")}
	}
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		return &usageError{p.pick(fmt.Sprintf("未知时区 %q", *tz), fmt.Sprintf("unknown time zone %q", *tz))}
	}
	if strings.TrimSpace(*phoneName) == "" {
		return &usageError{p.pick("--phone 不能为空", "--phone must not be empty")}
	}
	if *year != 0 && (*year < 1990 || *year > 2100) {
		return &usageError{p.pick(fmt.Sprintf("--year %d 不是合理的年份", *year), fmt.Sprintf("--year %d is not a plausible year", *year))}
	}
	columns, err := parseMap(*colMap)
	if err != nil {
		return &usageError{"--map: " + err.Error()}
	}
	db, err := sqlite.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	return c.importFiles(ctx, p, db, fs.Args(), importSettings{
		phone: *phoneName, loc: loc, region: *region, format: *format, json: *asJSON, verbose: *verbose,
		year: *year, encoding: *encoding, columns: columns,
	})
}

type importSettings struct {
	phone, region, format string
	loc                   *time.Location
	json, verbose         bool
	year                  int
	encoding              string
	columns               map[string]string
}

// parseMap reads --map: comma-separated HEADER=column pairs (a full-width
// comma or equals sign works too, as typed with a Chinese input method).
func parseMap(s string) (map[string]string, error) {
	s = strings.NewReplacer("，", ",", "＝", "=").Replace(s)
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	m := map[string]string{}
	for pair := range strings.SplitSeq(s, ",") {
		header, column, ok := strings.Cut(pair, "=")
		header, column = strings.TrimSpace(header), strings.TrimSpace(column)
		if !ok || header == "" || column == "" {
			return nil, fmt.Errorf("%q is not HEADER=column", pair)
		}
		m[header] = column
	}
	return m, nil
}

// importFiles imports files one by one and reports on each; one file that
// cannot be read does not stop the others.
func (c *importCommand) importFiles(ctx context.Context, p *printer, db *sqlite.DB, files []string, s importSettings) error {
	reg := ingest.DefaultRegistry()
	norm := phone.New(s.region)
	var out []importJSON
	failed := false
	for _, path := range files {
		bar := newProgress(c.stderr, path)
		res, err := ingest.ImportFile(ctx, db, reg, norm, path, ingest.FileOptions{
			Phone: s.phone, Location: s.loc, Format: s.format, Progress: bar.update,
			Year: s.year, Encoding: s.encoding, Map: s.columns,
		})
		bar.done()
		if errors.Is(err, context.Canceled) {
			return err
		}
		if err != nil {
			failed = true
			p.errorf("%s: %v", path, err)
			out = append(out, importJSON{Path: path, Error: err.Error()})
			continue
		}
		src := res.Source
		out = append(out, importJSON{Path: path, Format: src.Format, SHA256: src.SHA256, Phone: src.Phone,
			Read: src.Read, Inserted: src.Inserted, Duplicates: src.Duplicates, Rejected: src.Rejected,
			Linked: res.Linked, AlreadyImported: res.Already})
		if !s.json {
			c.printSource(p, path, res)
		}
		if src.Rejected > 0 && !res.Already {
			if err := c.printRejects(ctx, p, db, src, s.verbose); err != nil {
				return err
			}
		}
	}
	if s.json {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"sources": out}); err != nil {
			return err
		}
	}
	if failed {
		return errFailed
	}
	return nil
}

func (c *importCommand) printSource(p *printer, path string, res ingest.Result) {
	src := res.Source
	w := c.stdout
	fmt.Fprintf(w, "%s\n", path)
	if res.Already {
		fmt.Fprintf(w, "  %s\n", p.pick(
			fmt.Sprintf("此文件已导入过（SHA-256 相同，手机 %s），未重复导入。", src.Phone),
			fmt.Sprintf("already imported (same SHA-256, phone %s): nothing added.", src.Phone)))
	}
	fmt.Fprintf(w, "  %s %s   %s %s\n", p.pick("格式", "format"), src.Format, p.pick("手机", "phone"), src.Phone)
	fmt.Fprintf(w, "  SHA-256 %s\n", src.SHA256)
	fmt.Fprintf(w, "  %s\n", p.pick(
		fmt.Sprintf("读取 %d 条：新增 %d，重复 %d，拒收 %d", src.Read, src.Inserted, src.Duplicates, src.Rejected),
		fmt.Sprintf("read %d: inserted %d, duplicates %d, rejected %d", src.Read, src.Inserted, src.Duplicates, src.Rejected)))
	if res.Linked > 0 {
		fmt.Fprintf(w, "  %s\n", p.pick(
			fmt.Sprintf("其中 %d 条与手机记录为同一通话/短信，已关联（运营商详单证实，计数只算一次）", res.Linked),
			fmt.Sprintf("%d records matched between the carrier's bill and the phone's log: linked, counted once", res.Linked)))
	}
}

// printRejects shows where and why records were rejected, on stderr.
// Excerpts hold personal data and are shown only when asked for.
func (c *importCommand) printRejects(ctx context.Context, p *printer, db *sqlite.DB, src leaktrail.Source, verbose bool) error {
	rejects, err := db.Rejects(ctx, src.ID)
	if err != nil {
		return err
	}
	const shown = 10
	for i, r := range rejects {
		if i == shown {
			p.linef("  ……另有 %d 条拒收记录，见案件数据库的 rejects 表", "  ... %d more rejects: see the rejects table of the case database", len(rejects)-shown)
			break
		}
		fmt.Fprintf(c.stderr, "  %s %s: %s: %s\n", p.pick("拒收", "rejected"), src.Name, r.Locator, r.Reason)
		if verbose && r.Excerpt != "" {
			fmt.Fprintf(c.stderr, "    %s\n", r.Excerpt)
		}
	}
	return nil
}

// isTerminal reports whether w is a character device, where a progress bar
// makes sense.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
