package xlsxw

import (
	"hash/crc32"
	"math/rand/v2"
	"testing"
)

func TestCRC32Combine(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 7, 64, 1000, 100_000} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		for _, split := range []int{0, n / 3, n / 2, n} {
			a, c := b[:split], b[split:]
			got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(c), int64(len(c)))
			if want := crc32.ChecksumIEEE(b); got != want {
				t.Errorf("%d bytes split at %d: %08x, want %08x", n, split, got, want)
			}
		}
	}
}
