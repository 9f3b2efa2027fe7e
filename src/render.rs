//! Human-readable renderings of an audit: a text report (timeline, where the
//! contract stands, findings) and a Mermaid sequence diagram.
//!
//! These functions only build strings; printing is the caller's.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::audit::{Entry, EntryKind};
use crate::ids::PartyId;
use crate::message::Amount;
use crate::validate::{Finding, Identity, Report};
use crate::x509::RevocationStatus;

/// Party names from the report, with a short id for unnamed parties.
fn names(report: &Report) -> HashMap<PartyId, String> {
    report
        .parties
        .iter()
        .map(|p| (p.id, p.name.clone().unwrap_or_else(|| short(&p.id))))
        .collect()
}

/// The first 8 hex digits of a party id.
pub fn short(id: &PartyId) -> String {
    id.to_hex()[..8].to_owned()
}

fn name(names: &HashMap<PartyId, String>, id: &PartyId) -> String {
    names.get(id).cloned().unwrap_or_else(|| short(id))
}

fn what(e: &Entry) -> String {
    match &e.what {
        EntryKind::Card(_) => "party card".to_owned(),
        EntryKind::Statement(k, _) => k.to_string(),
        EntryKind::Token(_, serial) => format!("time-stamp #{serial}"),
        EntryKind::Rfc3161 { serial, .. } => format!("RFC 3161 #{serial}"),
        EntryKind::X509(what) => (*what).to_owned(),
    }
}

/// An amount with its minor units shown as a decimal with two places (the
/// common case; ISO 4217 exponents other than 2 are shown the same way).
pub fn amount(a: &Amount) -> String {
    format!("{} {}.{:02}", a.currency, a.minor / 100, a.minor % 100)
}

/// The report's findings grouped by record index, in report order.
fn by_record(report: &Report) -> HashMap<usize, Vec<&Finding>> {
    let mut by_index: HashMap<usize, Vec<&Finding>> = HashMap::new();
    for f in &report.findings {
        by_index.entry(f.index).or_default().push(f);
    }
    by_index
}

/// The text report: a timeline table, where the contract stands, findings.
pub fn text(report: &Report, timeline: &[Entry]) -> String {
    let names = names(report);
    let by_index = by_record(report);
    let mut out = String::new();
    let _ = writeln!(out, "Contract {}", report.contract);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:>4}  {:<20}  {:<26}  {:<26}  {:<20}  status",
        "#", "time (UTC)", "from", "to", "record"
    );
    for e in timeline {
        let to = e.to.map(|t| name(&names, &t)).unwrap_or_default();
        // RFC 3161 tokens are signed by an X.509 authority, not a party;
        // certificates and CRLs have neither a signer nor a time here.
        let (time, from) = match &e.what {
            EntryKind::Rfc3161 { authority, .. } if authority.is_empty() => {
                (e.time.to_rfc3339(), "(RFC 3161 TSA)".into())
            }
            EntryKind::Rfc3161 { authority, .. } => (e.time.to_rfc3339(), authority.clone()),
            EntryKind::X509(_) => (String::new(), String::new()),
            _ => (e.time.to_rfc3339(), name(&names, &e.from)),
        };
        let status = match by_index.get(&e.index) {
            Some(found) => {
                let rules: Vec<&str> = found.iter().map(|f| f.rule.id()).collect();
                format!("verified; {}", rules.join(", "))
            }
            None => "verified".to_owned(),
        };
        let _ = writeln!(
            out,
            "{:>4}  {:<20}  {:<26}  {:<26}  {:<20}  {status}",
            e.index,
            time,
            clip(&from, 26),
            clip(&to, 26),
            clip(&what(e), 20),
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Where the contract stands");
    let _ = writeln!(out, "  status:        {}", report.status);
    if let Some(t) = &report.terms {
        let _ = writeln!(out, "  seller:        {}", name(&names, &t.seller));
        let _ = writeln!(out, "  buyer:         {}", name(&names, &t.buyer));
        if let Some(o) = report.offeror {
            let _ = writeln!(out, "  offeror:       {}", name(&names, &o));
        }
        let goods: Vec<String> = t
            .goods
            .iter()
            .map(|g| format!("{} {} {}", g.quantity, g.unit, g.description))
            .collect();
        let _ = writeln!(out, "  goods:         {}", goods.join("; "));
        let _ = writeln!(out, "  price:         {} {} {}", amount(&t.price), t.incoterm, t.place);
        let _ = writeln!(out, "  payment terms: {} ({})", t.payment.terms, t.payment.method);
        let _ = writeln!(
            out,
            "  law:           {}{}",
            t.law.governing,
            if t.law.cisg { "" } else { " (CISG excluded)" }
        );
    }
    if let Some(l) = report.lapses_at.filter(|_| report.concluded_at.is_none()) {
        let _ = writeln!(out, "  offer lapses:  {l}");
    }
    match report.concluded_at {
        Some(t) => {
            let _ = writeln!(out, "  concluded at:  {t}");
        }
        None => {
            let _ = writeln!(out, "  concluded at:  not concluded");
        }
    }
    if let (Some(p), Some(o)) = (&report.paid, &report.outstanding) {
        let _ = writeln!(out, "  paid:          {}", amount(p));
        let _ = writeln!(out, "  outstanding:   {}", amount(o));
    }
    if let Some(d) = &report.draft {
        let _ = writeln!(
            out,
            "  draft:         accepted at {} days, due {}",
            d.tenor_days, d.maturity
        );
    }
    if let Some(r) = &report.remitted {
        let _ = writeln!(out, "  remitted:      {}", amount(r));
    }
    for t in &report.titles {
        let _ = writeln!(
            out,
            "  title:         {} {} held by {}{}",
            t.document_type,
            t.document.id,
            name(&names, &t.holder),
            if t.surrendered { " (surrendered)" } else { "" }
        );
    }
    if let Some(v) = &report.view {
        let _ = writeln!(out, "  view of:       {}", name(&names, &v.viewer));
        for k in &v.known {
            let _ = writeln!(out, "    {k}");
        }
        if !v.outside.is_empty() {
            let _ = writeln!(
                out,
                "  outside view:  {} statement(s) referred to but not held",
                v.outside.len()
            );
        }
    }
    if let Some(f) = &report.formation_rules {
        let _ = writeln!(out, "  formation:     {f}");
    }
    identities(&mut out, report);
    if !report.notices.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Notices ({})", report.notices.len());
        for n in &report.notices {
            let _ = writeln!(out, "  {n}");
        }
    }
    let _ = writeln!(out);
    if report.findings.is_empty() {
        let verdict = if report.is_complete() {
            "No findings: the contract was formed and performed."
        } else {
            "No findings: the contract is in progress."
        };
        let _ = writeln!(out, "{verdict}");
    } else {
        let _ = writeln!(out, "Findings ({})", report.findings.len());
        for f in &report.findings {
            let _ = writeln!(out, "  {} at record {}: {}", f.rule, f.index, f.message);
            let _ = writeln!(out, "      rule: {} [{}]", f.rule.check(), f.rule.source());
        }
    }
    out
}

/// The parties' identities (SPEC.md 7.1), when the audit was given
/// certificate authorities: who each party is by its certificate, who
/// vouches for it, and its revocation status; or why it is not
/// established. (With pinned cards only, every party is a pinned card and
/// nothing is printed.)
fn identities(out: &mut String, report: &Report) {
    let checked = report.parties.iter().any(|p| {
        matches!(
            p.identity,
            Some(Identity::Certificate { .. } | Identity::Unverified { .. })
        )
    });
    if !checked {
        return;
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Identities");
    for p in &report.parties {
        let who = p.name.clone().unwrap_or_else(|| short(&p.id));
        match &p.identity {
            Some(Identity::Certificate {
                certificate: c,
                revocation,
                checked_at,
                pinned,
            }) => {
                let _ = writeln!(out, "  {who}: certified as {}", c.subject);
                if let Some(o) = &c.organization_identifier {
                    match &c.lei {
                        Some(lei) => {
                            let _ = writeln!(out, "      organization identifier: {o} (LEI {lei})");
                        }
                        None => {
                            let _ = writeln!(out, "      organization identifier: {o}");
                        }
                    }
                }
                let _ = writeln!(
                    out,
                    "      certificate: serial {}, issued by {}, valid {} to {}",
                    c.serial, c.issuer, c.not_before, c.not_after
                );
                let _ = writeln!(out, "      trust anchor: {}", c.anchor);
                let later = |r: &Option<crate::ids::UnixTime>| {
                    r.map(|t| format!("; revoked later, at {t}")).unwrap_or_default()
                };
                let status = match revocation {
                    RevocationStatus::Good {
                        this_update,
                        revoked_later,
                    } => format!("not revoked (CRL of {this_update}){}", later(revoked_later)),
                    RevocationStatus::Unknown {
                        uncovered,
                        revoked_later,
                    } => {
                        format!(
                            "unknown: no complete CRL issued since covers {uncovered}{}",
                            later(revoked_later)
                        )
                    }
                    RevocationStatus::Revoked {
                        certificate,
                        revoked_at,
                    } => format!("REVOKED: {certificate} revoked at {revoked_at}"),
                };
                let _ = writeln!(out, "      revocation at {checked_at}: {status}");
                if *pinned {
                    let _ = writeln!(out, "      card also pinned by the auditor");
                }
            }
            Some(Identity::PinnedCard) => {
                let _ = writeln!(out, "  {who}: pinned card only (no certificate)");
            }
            Some(Identity::Unverified { reason }) => {
                let _ = writeln!(out, "  {who}: not established: {reason}");
            }
            None => {}
        }
    }
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut c: String = s.chars().take(n - 1).collect();
        c.push('~');
        c
    }
}

/// A Mermaid sequence diagram of the parties and statements, with findings
/// as notes, for pasting into a report.
pub fn mermaid(report: &Report, timeline: &[Entry]) -> String {
    let names = names(report);
    let by_index = by_record(report);
    let mut alias: HashMap<PartyId, String> = HashMap::new();
    let mut head = String::from("sequenceDiagram\n");
    let mut body = String::new();
    for e in timeline {
        let EntryKind::Statement(kind, _) = &e.what else {
            continue;
        };
        let Some(to) = e.to else { continue };
        let from = participant(&mut alias, &mut head, &names, &e.from);
        let to = participant(&mut alias, &mut head, &names, &to);
        let _ = writeln!(body, "    {from}->>{to}: #{} {kind} ({})", e.index, e.time.to_rfc3339());
        for f in by_index.get(&e.index).into_iter().flatten() {
            let msg = f.message.replace([';', '#'], ",");
            let _ = writeln!(body, "    Note over {from},{to}: {} {}", f.rule, clip(&msg, 100));
        }
    }
    head.push_str(&body);
    if !alias.is_empty() {
        let _ = writeln!(head, "    Note over P1: status: {}", report.status);
    }
    head
}

fn participant(
    alias: &mut HashMap<PartyId, String>,
    out: &mut String,
    names: &HashMap<PartyId, String>,
    id: &PartyId,
) -> String {
    if let Some(a) = alias.get(id) {
        return a.clone();
    }
    let a = format!("P{}", alias.len() + 1);
    let label = name(names, id).replace([';', '#', ':'], " ");
    let _ = writeln!(out, "    participant {a} as {label}");
    alias.insert(*id, a.clone());
    a
}
