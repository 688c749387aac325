package report

import "testing"

func TestMask(t *testing.T) {
	for _, c := range []struct{ in, number, name string }{
		{"+8613800138000", "+86138****8000", ""},
		{"13800138000", "138****8000", ""},
		{"075512345678", "075****5678", ""},
		{"95588", "***88", ""},
		{"", "", ""},
	} {
		if got := MaskNumber(c.in); got != c.number {
			t.Errorf("MaskNumber(%q) = %q, want %q", c.in, got, c.number)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"张三", "张*"}, {"张三丰", "张**"}, {"Amy", "A**"}, {"妈", "妈*"}, {"姐姐 / 小王", "姐* / 小*"}, {"", ""},
	} {
		if got := MaskName(c.in); got != c.want {
			t.Errorf("MaskName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
