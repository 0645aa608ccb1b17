package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
)

// maxJSONDepth bounds nesting so a hostile body cannot exhaust the stack.
const maxJSONDepth = 32

// checkDuplicateKeys refuses objects that repeat a key (in any letter case),
// which encoding/json would otherwise resolve silently to the last value.
func checkDuplicateKeys(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	_, err := walkValue(dec, 0)
	return err
}

func walkValue(dec *json.Decoder, depth int) (json.Token, error) {
	if depth > maxJSONDepth {
		return nil, errors.New("JSON is nested too deeply.")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, errors.New("Malformed JSON.")
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return tok, nil
	}
	switch delim {
	case '{':
		return tok, walkObject(dec, depth)
	case '[':
		for dec.More() {
			if _, err := walkValue(dec, depth+1); err != nil {
				return nil, err
			}
		}
		_, err = dec.Token()
		return tok, err
	}
	return tok, nil
}

func walkObject(dec *json.Decoder, depth int) error {
	seen := map[string]bool{}
	for dec.More() {
		keyTok, err := dec.Token()
		if err != nil {
			return errors.New("Malformed JSON.")
		}
		key, _ := keyTok.(string)
		folded := strings.ToLower(key)
		if seen[folded] {
			return errors.New("Duplicate key \"" + key + "\" in JSON object.")
		}
		seen[folded] = true
		if _, err := walkValue(dec, depth+1); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	return err
}

// checkExactKeys refuses top-level keys that only match a struct field by
// case folding ({"ROLE": ...} or {"UserName": ...}): encoding/json accepts
// those, and a privileged-looking field must never be smuggled in that way.
func checkExactKeys(body []byte, dst any) error {
	t := reflect.TypeOf(dst)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil {
		return nil
	}
	allowed := jsonFieldNames(t)
	for k := range top {
		if !allowed[k] {
			return errors.New("Unknown field \"" + k + "\".")
		}
	}
	return nil
}

func jsonFieldNames(t reflect.Type) map[string]bool {
	names := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			for k := range jsonFieldNames(f.Type) {
				names[k] = true
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		name := f.Name
		if tag := f.Tag.Get("json"); tag != "" {
			if tag == "-" {
				continue
			}
			if n, _, _ := strings.Cut(tag, ","); n != "" {
				name = n
			}
		}
		names[name] = true
	}
	return names
}
