//! The conformance testkit (tests/testkit/, see its README.md): every
//! committed transcript audits to the status and findings its sidecar
//! states; the corpus is exactly what the generator makes; and every rule
//! has a case that breaks it alone.

#[path = "common/scenario.rs"]
mod scenario;

#[path = "testkit/kit.rs"]
mod kit;

#[path = "testkit/cases/mod.rs"]
mod cases;

#[path = "testkit/breaks/mod.rs"]
mod breaks;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use econtract::Rule;

/// Rules whose cases are in tests/x509.rs (they need OpenSSL-made
/// certificates, CRLs and tokens).
const X509_RULES: &[Rule] = &[
    Rule::TimeRfc3161,
    Rule::CertRevoked,
    Rule::CertValidity,
    Rule::IdCertified,
    Rule::CertRevocation,
];

/// Rules that law does not let break alone, with the rules that must
/// accompany them and why. The meta test accepts, for these, a case whose
/// findings are this rule and its companions only.
fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("testkit")
}

/// Every sidecar of the corpus: name, text.
fn sidecars() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir()).expect("tests/testkit") {
        let p = e.expect("a directory entry").path();
        if p.extension().and_then(|x| x.to_str()) == Some("txt") {
            let name = p.file_stem().and_then(|x| x.to_str()).expect("a file name").to_owned();
            out.insert(name, std::fs::read_to_string(&p).expect("a sidecar"));
        }
    }
    out
}

#[test]
fn every_transcript_audits_as_its_sidecar_says() {
    let sidecars = sidecars();
    assert!(sidecars.len() >= 200, "only {} cases in tests/testkit", sidecars.len());
    let mut wrong = Vec::new();
    for (name, text) in &sidecars {
        let side = kit::parse_sidecar(text).unwrap_or_else(|e| panic!("{name}.txt: {e}"));
        let bytes = std::fs::read(dir().join(format!("{name}.ect"))).unwrap_or_else(|e| panic!("{name}.ect: {e}"));
        let r = kit::audit_bytes(&bytes, side.policy.clone());
        let got: Vec<(String, usize)> = kit::found(&r)
            .into_iter()
            .map(|(rule, i)| (rule.id().to_owned(), i))
            .collect();
        let status = kit::status_name(r.status);
        if got != side.findings || status != side.status {
            let want: Vec<String> = side.findings.iter().map(|(r, i)| format!("{r}@{i}")).collect();
            let have: Vec<String> = got.iter().map(|(r, i)| format!("{r}@{i}")).collect();
            wrong.push(format!(
                "{name} ({}):\n    expected {} / {}\n    found    {} / {}",
                side.about,
                side.status,
                if want.is_empty() { "none".into() } else { want.join(" ") },
                status,
                if have.is_empty() { "none".into() } else { have.join(" ") },
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases audit differently:\n{}",
        wrong.len(),
        sidecars.len(),
        wrong.join("\n")
    );
}

#[test]
fn the_corpus_is_what_the_generator_makes() {
    let cases = cases::all();
    let mut stale = Vec::new();
    let mut names = BTreeSet::new();
    for c in &cases {
        names.insert(c.name.clone());
        let ect = std::fs::read(dir().join(format!("{}.ect", c.name)));
        let txt = std::fs::read_to_string(dir().join(format!("{}.txt", c.name)));
        match (ect, txt) {
            (Ok(e), Ok(t)) if e == c.bytes && t == c.sidecar() => {}
            (Ok(e), Ok(_)) if e == c.bytes => stale.push(format!("{}.txt differs from the generator's", c.name)),
            (Ok(_), _) => stale.push(format!("{}.ect differs from the generator's", c.name)),
            (Err(_), _) => stale.push(format!("{} is missing", c.name)),
        }
    }
    for name in sidecars().keys() {
        if !names.contains(name) {
            stale.push(format!("{name}.txt has no case in the generator"));
        }
    }
    for e in std::fs::read_dir(dir()).expect("tests/testkit") {
        let p = e.expect("a directory entry").path();
        if p.extension().and_then(|x| x.to_str()) == Some("ect") {
            let name = p.file_stem().and_then(|x| x.to_str()).expect("a file name");
            if !names.contains(name) {
                stale.push(format!("{name}.ect has no case in the generator"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "the corpus has drifted from the generator; run `cargo run --example make_testkit`:\n{}",
        stale.join("\n")
    );
}

#[test]
fn every_rule_has_a_case_that_breaks_it_alone() {
    let mut alone: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (name, text) in sidecars() {
        let side = kit::parse_sidecar(&text).unwrap_or_else(|e| panic!("{name}.txt: {e}"));
        let rules: BTreeSet<&str> = side.findings.iter().map(|(r, _)| r.as_str()).collect();
        for (rule, _) in &side.findings {
            assert!(Rule::from_id(rule).is_some(), "{name}.txt names an unknown rule {rule}");
        }
        if rules.len() == 1 {
            let r = Rule::from_id(rules.iter().next().expect("one rule")).expect("known");
            alone.entry(r.id()).or_default().push(name.clone());
        }
    }
    // The rules on X.509 identities and RFC 3161 tokens need certificates,
    // CRLs and tokens made by OpenSSL: their cases are in tests/x509.rs,
    // each breaking the rule alone.
    let x509_tests = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/x509.rs")).unwrap();
    for r in X509_RULES {
        assert!(
            x509_tests.contains(&format!("only(&r, Rule::{r:?})")),
            "tests/x509.rs has no case breaking {r} alone"
        );
    }
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| !X509_RULES.contains(r))
        .map(|r| r.id())
        .filter(|r| !alone.contains_key(r))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a case that breaks them alone: {}",
        missing.join(" ")
    );
}
