//! SPEC.md and the code share the rule ids: every rule appears in SPEC.md's
//! rules table with exactly the check and source the code gives it.
//!
//! `ECONTRACT_PRINT_RULES=1 cargo test --test spec_rules -- --nocapture`
//! prints the table.

use econtract::Rule;

fn row(r: Rule) -> String {
    format!("| `{}` | {} | {} |", r.id(), r.check(), r.source())
}

#[test]
fn spec_md_lists_every_rule_as_the_code_does() {
    if std::env::var_os("ECONTRACT_PRINT_RULES").is_some() {
        println!("| rule | check | source |\n|---|---|---|");
        for r in Rule::ALL {
            println!("{}", row(*r));
        }
    }
    let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/SPEC.md")).unwrap();
    for r in Rule::ALL {
        assert!(spec.contains(&row(*r)), "SPEC.md lacks the row:\n{}", row(*r));
    }
    // And no rule id in SPEC.md's table that the code does not have.
    let table_ids: Vec<&str> = spec
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .filter(|id| id.chars().all(|c| c.is_ascii_uppercase() || c == '-') && id.contains('-'))
        .collect();
    for id in table_ids {
        assert!(
            Rule::ALL.iter().any(|r| r.id() == id),
            "SPEC.md names unknown rule {id}"
        );
    }
}
