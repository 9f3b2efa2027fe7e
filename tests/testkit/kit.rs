//! The conformance testkit's format: a case, its sidecar text, and how a
//! corpus transcript is audited (with the cards it contains trusted). Shared
//! by the generator (`examples/make_testkit.rs`) and the test
//! (`tests/testkit.rs`) through `#[path]`. See `tests/testkit/README.md`.
#![allow(dead_code)]

use econtract::audit::{AuditOptions, audit_with};
use econtract::*;

/// One case of the corpus: a transcript and what an auditor must find in it.
pub struct Case {
    /// The file stem: `tests/testkit/<name>.ect` and `<name>.txt`.
    pub name: String,
    /// One line: what the case exercises, and which rule or article.
    pub about: String,
    /// The policy to audit it under.
    pub policy: Policy,
    /// The expected status.
    pub status: Status,
    /// The expected findings: rule and record index.
    pub findings: Vec<(Rule, usize)>,
    /// The transcript's bytes.
    pub bytes: Vec<u8>,
}

impl Case {
    /// The sidecar's text.
    pub fn sidecar(&self) -> String {
        format!(
            "# {}\nstatus: {}\nfindings: {}\npolicy: {}\n",
            self.about,
            status_name(self.status),
            findings_text(&normalize(self.findings.clone())),
            policy_text(&self.policy)
        )
    }
}

/// A status as reports name it in JSON (`completed`, `partial-view`...).
pub fn status_name(s: Status) -> String {
    match serde_json::to_value(s) {
        Ok(serde_json::Value::String(n)) => n,
        other => panic!("a status serializes as a string, not {other:?}"),
    }
}

/// Findings in record order; findings at one record in rule-id order.
pub fn normalize(mut f: Vec<(Rule, usize)>) -> Vec<(Rule, usize)> {
    f.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.id().cmp(b.0.id())));
    f
}

/// `RULE@index RULE@index`, or `none`.
pub fn findings_text(f: &[(Rule, usize)]) -> String {
    if f.is_empty() {
        return "none".into();
    }
    f.iter()
        .map(|(r, i)| format!("{}@{i}", r.id()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The JSON object of the policy's fields that differ from the default (in
/// the policy's field order), or `default`.
pub fn policy_text(p: &Policy) -> String {
    let (serde_json::Value::Object(mine), serde_json::Value::Object(dflt)) = (
        serde_json::to_value(p).expect("policy"),
        serde_json::to_value(Policy::default()).expect("policy"),
    ) else {
        panic!("a policy is a JSON object")
    };
    let diff: serde_json::Map<String, serde_json::Value> =
        mine.into_iter().filter(|(k, v)| dflt.get(k) != Some(v)).collect();
    if diff.is_empty() {
        "default".into()
    } else {
        serde_json::Value::Object(diff).to_string()
    }
}

/// A parsed sidecar.
#[derive(Debug)]
pub struct Sidecar {
    pub about: String,
    pub status: String,
    pub findings: Vec<(String, usize)>,
    pub policy: Policy,
}

/// Reads a sidecar.
pub fn parse_sidecar(text: &str) -> Result<Sidecar, String> {
    let mut about = None;
    let (mut status, mut findings, mut policy) = (None, None, None);
    for line in text.lines() {
        if let Some(a) = line.strip_prefix("# ") {
            about.get_or_insert_with(|| a.to_owned());
        } else if let Some(v) = line.strip_prefix("status: ") {
            status = Some(v.trim().to_owned());
        } else if let Some(v) = line.strip_prefix("findings: ") {
            let v = v.trim();
            let mut out = Vec::new();
            if v != "none" {
                for f in v.split_whitespace() {
                    let (rule, index) = f.split_once('@').ok_or_else(|| format!("bad finding {f:?}"))?;
                    let index = index.parse::<usize>().map_err(|e| format!("bad index in {f:?}: {e}"))?;
                    out.push((rule.to_owned(), index));
                }
            }
            findings = Some(out);
        } else if let Some(v) = line.strip_prefix("policy: ") {
            let v = v.trim();
            policy = Some(if v == "default" {
                Policy::default()
            } else {
                serde_json::from_str::<Policy>(v).map_err(|e| format!("bad policy {v:?}: {e}"))?
            });
        } else if !line.trim().is_empty() {
            return Err(format!("unknown sidecar line {line:?}"));
        }
    }
    Ok(Sidecar {
        about: about.ok_or("no description line")?,
        status: status.ok_or("no status line")?,
        findings: findings.ok_or("no findings line")?,
        policy: policy.ok_or("no policy line")?,
    })
}

/// The cards a transcript contains.
pub fn cards_in(bytes: &[u8]) -> CardSet {
    let mut r = TranscriptReader::new(bytes).expect("a transcript header");
    let mut cards = CardSet::new();
    while let Some((_, rec)) = r.next_record().expect("a readable record") {
        if let Record::Card(c) = rec {
            cards.insert(c);
        }
    }
    cards
}

/// Audits a corpus transcript as a second implementation must: every card
/// it contains trusted, strict signature checks.
pub fn audit_bytes(bytes: &[u8], policy: Policy) -> Report {
    let cards = cards_in(bytes);
    audit_with(
        bytes,
        Some(&cards),
        policy,
        AuditOptions {
            batch: false,
            threads: 1,
        },
        |_| {},
    )
    .expect("a verifiable transcript")
}

/// What a report found, as the sidecar lists it.
pub fn found(r: &Report) -> Vec<(Rule, usize)> {
    normalize(r.findings.iter().map(|f| (f.rule, f.index)).collect())
}
