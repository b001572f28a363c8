//go:build !unix

package scenario

import "os"

// mapFile maps nothing where mapping is not built in: the caller reads the file instead.
func mapFile(*os.File, int64) ([]byte, bool) { return nil, false }
