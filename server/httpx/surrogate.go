package httpx

import "strconv"

// loneSurrogate reports whether a JSON string in body holds a \u escape of
// a UTF-16 surrogate that is not half of a pair (a high one followed by
// a low one). encoding/json would store it as U+FFFD, silently changing
// the text the client sent. body need not be valid JSON: only escapes
// inside strings are looked at.
func loneSurrogate(body []byte) bool {
	inString := false
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c == '"':
			inString = !inString
		case c == '\\' && inString:
			n, lone := escapeAt(body, i)
			if lone {
				return true
			}
			i += n
		}
	}
	return false
}

// escapeAt looks at the escape starting with the backslash at body[i]: it
// returns how many bytes after the backslash it spans and whether it is a
// lone surrogate.
func escapeAt(body []byte, i int) (int, bool) {
	r, ok := hex4(body, i+1)
	if !ok {
		return 1, false // \" \\ \n ... (or malformed, left to the decoder)
	}
	switch {
	case r >= 0xDC00 && r <= 0xDFFF:
		return 5, true
	case r < 0xD800 || r > 0xDBFF:
		return 5, false
	}
	if low, ok := hex4(body, i+7); ok && body[i+6] == '\\' && low >= 0xDC00 && low <= 0xDFFF {
		return 11, false
	}
	return 5, true
}

// hex4 reads "uXXXX" at body[i:] as a UTF-16 code unit.
func hex4(body []byte, i int) (rune, bool) {
	if i+5 > len(body) || body[i] != 'u' {
		return 0, false
	}
	v, err := strconv.ParseUint(string(body[i+1:i+5]), 16, 16)
	return rune(v), err == nil
}
