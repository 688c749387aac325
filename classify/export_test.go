package classify

// SetBufferSizes sets the bounds of the label cache and of the label
// counts kept in memory, for tests that check results do not depend on
// them, and returns the function that restores them.
func SetBufferSizes(cache, counts int) (restore func()) {
	oldCache, oldCounts := labelCacheSize, labelCountsSize
	labelCacheSize, labelCountsSize = cache, counts
	return func() { labelCacheSize, labelCountsSize = oldCache, oldCounts }
}
