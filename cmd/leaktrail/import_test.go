package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseMap(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    map[string]string
		wantErr bool
	}{
		{"empty", "", nil, false},
		{"two pairs", "号码=number,时间=time", map[string]string{"号码": "number", "时间": "time"}, false},
		{"full-width punctuation and spaces", " 号码＝number ， 通话时间 = time", map[string]string{"号码": "number", "通话时间": "time"}, false},
		{"missing column", "号码=", nil, true},
		{"no equals", "号码", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseMap(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseMap(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
