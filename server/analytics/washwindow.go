package analytics

// WashDaysAfter returns the number of days after a sale during which a
// repurchase affects its loss under the country's rules (taxrules.json);
// an unknown country is ErrInvalidInput and a country without such a
// rule gives 0.
func WashDaysAfter(country string) (int, error) {
	rule, err := taxRuleFor(country)
	if err != nil {
		return 0, err
	}
	return rule.WashDaysAfter, nil
}
