package leaktrail_test

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// networkPackages are the standard library's network clients and servers.
// leaktrail must work, and does, with no network at all: evidence and
// personal data never leave the machine.
var networkPackages = []string{
	"net", "net/http", "net/http/httptrace", "net/rpc", "net/smtp", "net/mail",
	"crypto/tls", "golang.org/x/net/http2", "golang.org/x/net/websocket",
}

// TestNoNetworkImports fails when a package of this module (tests aside)
// imports a network package. Dependencies are checked by name in the
// list below: excelize imports net/http only for http.DetectContentType
// on pictures, which leaktrail never adds.
func TestNoNetworkImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	n := 0
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		n++
		for _, imp := range f[1:] {
			for _, bad := range networkPackages {
				if imp == bad {
					t.Errorf("%s imports %s", f[0], imp)
				}
			}
		}
	}
	if n < 5 {
		t.Fatalf("go list found only %d packages:\n%s", n, out)
	}
}
