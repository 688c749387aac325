package report

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// ManifestName is the manifest's file name inside a report directory.
const ManifestName = "manifest.json"

// manifestVersion is the format_version WriteManifest writes and Verify
// reads.
const manifestVersion = 1

// Manifest is manifest.json: the SHA-256 of every source the case was
// built from and of every file of the report, so that anyone can check
// that nothing was changed after the report was made. It is the only file
// of a report that carries the generation time.
type Manifest struct {
	Generator     string           `json:"generator"`
	FormatVersion int              `json:"format_version"`
	GeneratedAt   string           `json:"generated_at"` // RFC 3339
	Case          ManifestCase     `json:"case"`
	Sources       []ManifestSource `json:"sources"`
	Files         []ManifestFile   `json:"files"` // sorted by name
}

// ManifestCase names the case the report is about.
type ManifestCase struct {
	Owner     string   `json:"owner"`
	Timezone  string   `json:"timezone"`
	Onset     *string  `json:"onset"` // date, null when analysis found none
	Leak      *string  `json:"leak"`  // date, null when analysis found none
	Platforms []string `json:"platforms"`
}

// ManifestSource is one imported export file.
type ManifestSource struct {
	Name       string `json:"name"`
	Path       string `json:"path"` // as imported
	Format     string `json:"format"`
	Phone      string `json:"phone"`
	SHA256     string `json:"sha256"`
	Size       int64  `json:"size"`
	Read       int64  `json:"read"`
	Inserted   int64  `json:"inserted"`
	Duplicates int64  `json:"duplicates"`
	Rejected   int64  `json:"rejected"`
}

// ManifestFile is one file of the report.
type ManifestFile struct {
	Name   string `json:"name"` // path relative to the report directory, with forward slashes
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// WriteManifest hashes files (paths relative to dir) and writes
// dir/manifest.json, readable by its owner only.
func WriteManifest(dir string, d *Data, files []string) error {
	m, err := newManifest(dir, d, files)
	if err != nil {
		return err
	}
	b, err := m.encode()
	if err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, ManifestName), func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

func newManifest(dir string, d *Data, files []string) (*Manifest, error) {
	a := d.Analysis
	m := &Manifest{
		Generator:     "leaktrail",
		FormatVersion: manifestVersion,
		GeneratedAt:   d.Now.Format(time.RFC3339),
		Case: ManifestCase{
			Owner:     a.Owner,
			Timezone:  a.Timezone,
			Platforms: append([]string{}, a.Platforms...),
		},
		Sources: []ManifestSource{},
		Files:   []ManifestFile{},
	}
	if a.Onset != nil {
		m.Case.Onset = &a.Onset.Date
	}
	if a.Leak != nil {
		m.Case.Leak = &a.Leak.Date
	}
	for _, s := range d.Sources {
		m.Sources = append(m.Sources, ManifestSource{
			Name: s.Name, Path: s.Path, Format: s.Format, Phone: s.Phone, SHA256: s.SHA256, Size: s.Size,
			Read: s.Read, Inserted: s.Inserted, Duplicates: s.Duplicates, Rejected: s.Rejected,
		})
	}
	seen := map[string]bool{}
	for _, f := range files {
		name, err := reportName(f)
		if err != nil {
			return nil, err
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		sum, size, err := hashFile(context.Background(), filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return nil, fmt.Errorf("hash report file: %w", err)
		}
		m.Files = append(m.Files, ManifestFile{Name: name, SHA256: sum, Size: size})
	}
	slices.SortFunc(m.Files, func(x, y ManifestFile) int { return strings.Compare(x.Name, y.Name) })
	return m, nil
}

// reportName checks that a report file's path stays inside the report
// directory and returns it with forward slashes.
func reportName(f string) (string, error) {
	if !filepath.IsLocal(f) {
		return "", fmt.Errorf("report file %q: not a path inside the report directory", f)
	}
	name := filepath.ToSlash(filepath.Clean(f))
	if name == ManifestName {
		return "", fmt.Errorf("report file %q: the manifest cannot list itself", f)
	}
	return name, nil
}

func (m *Manifest) encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil { // Encode ends with a newline
		return nil, err
	}
	return buf.Bytes(), nil
}

// hashFile streams a file through SHA-256.
func hashFile(ctx context.Context, path string) (sum string, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	size, err = io.Copy(h, ctxReader{ctx, f})
	if err != nil {
		return "", 0, fmt.Errorf("read %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), size, nil
}

// ctxReader stops a long read when its context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (r ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}

// Check states of Verify.
const (
	StatusOK         = "ok"          // the file's SHA-256 is the manifest's
	StatusChanged    = "changed"     // the file is there but its content differs
	StatusMissing    = "missing"     // the manifest lists a report file that is gone
	StatusExtra      = "extra"       // a file the manifest does not list
	StatusNotChecked = "not checked" // a source no given path holds
)

// VerifyResult is what Verify found, file by file.
type VerifyResult struct {
	Dir      string
	Manifest *Manifest
	// Files are the report files: every file the manifest lists, in its
	// order, then the files of the directory it does not list.
	Files []FileCheck
	// Sources are the manifest's sources, in its order, then the files
	// named explicitly in Verify's sources that match none of them. Empty
	// when Verify was given no sources.
	Sources []FileCheck
}

// FileCheck is one file's verdict.
type FileCheck struct {
	Name   string // report: relative path; source: the manifest's name
	Path   string // where the file was found (sources), "" when not found
	Status string // StatusOK ...
	Want   string // SHA-256 in the manifest, "" for extra files
	Got    string // SHA-256 now, "" when missing or not checked
	// WantSize and GotSize are the sizes in bytes, in the manifest and now.
	WantSize, GotSize int64
}

// OK reports whether every report file and every source checked is as the
// manifest says: nothing changed, nothing missing. Extra files and sources
// not checked do not count against it.
func (r *VerifyResult) OK() bool {
	for _, c := range slices.Concat(r.Files, r.Sources) {
		if c.Status == StatusChanged || c.Status == StatusMissing {
			return false
		}
	}
	return true
}

// Problems says in one line each what changed, is missing or was not
// checked, report files first; empty when everything was checked and
// found as the manifest lists it.
func (r *VerifyResult) Problems() []string {
	var out []string
	for _, c := range r.Files {
		switch c.Status {
		case StatusChanged:
			out = append(out, fmt.Sprintf("report file %s: changed (sha256 %s, %d bytes in the manifest; now %s, %d bytes)",
				c.Name, c.Want, c.WantSize, c.Got, c.GotSize))
		case StatusMissing:
			out = append(out, fmt.Sprintf("report file %s: missing", c.Name))
		case StatusExtra:
			out = append(out, fmt.Sprintf("report file %s: extra (not listed in the manifest)", c.Name))
		}
	}
	for _, c := range r.Sources {
		switch c.Status {
		case StatusChanged:
			out = append(out, fmt.Sprintf("source %s: changed: %s has sha256 %s, %d bytes; the manifest says %s, %d bytes",
				c.Name, c.Path, c.Got, c.GotSize, c.Want, c.WantSize))
		case StatusNotChecked:
			out = append(out, fmt.Sprintf("source %s: not checked (not found among the given paths)", c.Name))
		case StatusExtra:
			out = append(out, fmt.Sprintf("source %s: extra (matches no source of the manifest)", c.Path))
		}
	}
	return out
}

// ReadManifest reads and checks dir/manifest.json.
func ReadManifest(dir string) (*Manifest, error) {
	path := filepath.Join(dir, ManifestName)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	defer f.Close()
	var m Manifest
	// A manifest is small; a file of gigabytes in its place is not one.
	if err := json.NewDecoder(io.LimitReader(f, 64<<20)).Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: not a valid manifest: %w", path, err)
	}
	if m.Generator != "leaktrail" || m.FormatVersion != manifestVersion {
		return nil, fmt.Errorf("%s: not a leaktrail manifest of format version %d", path, manifestVersion)
	}
	for _, x := range m.Files {
		if _, err := reportName(filepath.FromSlash(x.Name)); err != nil || strings.Contains(x.Name, `\`) {
			return nil, fmt.Errorf("%s: file %q is not inside the report directory", path, x.Name)
		}
	}
	return &m, nil
}

// Verify re-hashes the report files dir/manifest.json lists and says of
// each whether it is unchanged, changed or missing, and which files of dir
// the manifest does not list. With sources (export files, or directories
// holding them), it also hashes those and matches them to the manifest's
// sources by SHA-256, or failing that by name.
func Verify(ctx context.Context, dir string, sources []string) (*VerifyResult, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	r := &VerifyResult{Dir: dir, Manifest: m}
	listed := map[string]bool{ManifestName: true}
	for _, x := range m.Files {
		listed[x.Name] = true
		c := FileCheck{Name: x.Name, Want: x.SHA256, WantSize: x.Size}
		sum, size, err := hashFile(ctx, filepath.Join(dir, filepath.FromSlash(x.Name)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			c.Status = StatusMissing
		case err != nil:
			return nil, fmt.Errorf("verify %s: %w", x.Name, err)
		default:
			c.Got, c.GotSize = sum, size
			c.Status = StatusOK
			if sum != x.SHA256 {
				c.Status = StatusChanged
			}
		}
		r.Files = append(r.Files, c)
	}
	var extra []FileCheck
	err = filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			return ctx.Err()
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		if listed[name] || strings.HasPrefix(e.Name(), "."+ManifestName+".") {
			return nil // WriteManifest's temporary file is not part of the report
		}
		c := FileCheck{Name: name, Status: StatusExtra}
		if info, err := e.Info(); err == nil {
			c.GotSize = info.Size()
		}
		extra = append(extra, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	r.Files = append(r.Files, extra...) // WalkDir goes in lexical order
	if len(sources) > 0 {
		if r.Sources, err = verifySources(ctx, m.Sources, sources); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// sourceCandidate is a file given to Verify as a possible source.
type sourceCandidate struct {
	path     string
	size     int64
	explicit bool // named itself, not found in a directory
	sum      string
	used     bool
}

func verifySources(ctx context.Context, want []ManifestSource, paths []string) ([]FileCheck, error) {
	names, sizes := map[string]bool{}, map[int64]bool{}
	for _, s := range want {
		names[s.Name] = true
		sizes[s.Size] = true
	}
	var cands []*sourceCandidate
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("source: %w", err)
		}
		if !info.IsDir() {
			cands = append(cands, &sourceCandidate{path: p, size: info.Size(), explicit: true})
			continue
		}
		err = filepath.WalkDir(p, func(path string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !e.Type().IsRegular() {
				return ctx.Err()
			}
			info, err := e.Info()
			if err != nil {
				return err
			}
			// A file of another size and name can match no source: don't
			// read it.
			if sizes[info.Size()] || names[e.Name()] {
				cands = append(cands, &sourceCandidate{path: path, size: info.Size()})
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("list sources in %s: %w", p, err)
		}
	}
	bySum := map[string][]*sourceCandidate{}
	for _, c := range cands {
		sum, _, err := hashFile(ctx, c.path)
		if err != nil {
			return nil, fmt.Errorf("hash source: %w", err)
		}
		c.sum = sum
		bySum[sum] = append(bySum[sum], c)
	}
	// Match by content first, so that a file of the same name as a
	// changed source, but holding another unchanged one, is not taken
	// for the changed one.
	out := make([]FileCheck, len(want))
	for i, s := range want {
		out[i] = FileCheck{Name: s.Name, Want: s.SHA256, WantSize: s.Size, Status: StatusNotChecked}
		if found := bySum[s.SHA256]; len(found) > 0 {
			for _, f := range found {
				f.used = true
			}
			out[i].Status, out[i].Path, out[i].Got, out[i].GotSize = StatusOK, found[0].path, s.SHA256, found[0].size
		}
	}
	for i, s := range want {
		if out[i].Status == StatusOK {
			continue
		}
		j := slices.IndexFunc(cands, func(x *sourceCandidate) bool { return !x.used && filepath.Base(x.path) == s.Name })
		if j < 0 {
			continue
		}
		f := cands[j]
		f.used = true
		out[i].Status, out[i].Path, out[i].Got, out[i].GotSize = StatusChanged, f.path, f.sum, f.size
	}
	var extra []FileCheck
	for _, f := range cands {
		if f.explicit && !f.used {
			extra = append(extra, FileCheck{Name: filepath.Base(f.path), Path: f.path, Status: StatusExtra, Got: f.sum, GotSize: f.size})
		}
	}
	slices.SortFunc(extra, func(x, y FileCheck) int { return cmp.Compare(x.Path, y.Path) })
	return append(out, extra...), nil
}
