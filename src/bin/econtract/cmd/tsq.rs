//! `econtract timestamp --request` and `--response`: standard RFC 3161
//! time-stamps from any time-stamping authority (SPEC.md 11.1).
//!
//! The request is a DER TimeStampReq whose message imprint is the RFC 9921
//! `3161-ctt` imprint of one statement (SHA-256 over its encoded
//! signature), with a random 16-byte nonce and certReq, sent by the user
//! with any HTTP client:
//!
//! ```text
//! curl --data-binary @req.tsq -H 'Content-Type: application/timestamp-query' URL -o resp.tsr
//! ```
//!
//! The response is verified against that request (status, imprint, nonce,
//! policy, the TSA's signature and certificate, its path to a root given
//! with `--trust-tsa`, at the token's own time) before its token is
//! appended to a transcript as an RFC 3161 record, through the same
//! locked, journaled and fsynced path as `econtract append`.

use std::io::BufReader;
use std::path::{Path, PathBuf};

use econtract::rfc3161::{MAX_RFC3161_SIZE, MessageImprint, TimeStampReq};
use econtract::statement::MAX_STATEMENT_SIZE;
use econtract::{Record, Statement, TranscriptReader, TranscriptWriter};
use getrandom::SysRng;
use rand_core::UnwrapErr;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::timestamp::Args;
use super::{append, hex, pki};
use crate::error::{CliError, EXIT_OK, stderr_line, stdout_line};
use crate::fsio::{self, Output};

/// Writes the TimeStampReq for one statement.
pub fn request(a: Args) -> Result<u8, CliError> {
    let out = match (&a.out, a.request.clone().flatten()) {
        (Some(o), Some(r)) if *o != r => {
            return Err(CliError::usage(
                "--request FILE and -o FILE name two request files: give one (the statement comes last, \
                 `econtract timestamp --request -o REQ.tsq STATEMENT`)",
            ));
        }
        (Some(o), _) => o.clone(),
        (None, Some(r)) => r,
        (None, None) => {
            return Err(CliError::usage(
                "--request needs -o FILE, where to write the TimeStampReq (`-`: standard output)",
            ));
        }
    };
    let (statement, input) = match (&a.transcript, &a.id, &a.statement) {
        (Some(_), _, Some(_)) => {
            return Err(CliError::usage(
                "name the statement once: a statement file, or --transcript T --id ID",
            ));
        }
        (Some(t), Some(id), None) => (find_in_transcript(t, id)?, t.clone()),
        (None, None, Some(f)) => (read_statement(f)?, f.clone()),
        _ => {
            return Err(CliError::usage(
                "name the statement to time-stamp: a statement file, or --transcript T --id ID",
            ));
        }
    };
    let imprint = MessageImprint::for_statement(&statement);
    let mut req = TimeStampReq::with_random_nonce(imprint, &mut UnwrapErr(SysRng));
    if let Some(p) = &a.req_policy {
        req = req
            .policy(p)
            .map_err(|e| CliError::usage(format!("--req-policy {p}: {e}")))?;
    }
    fsio::commit_outputs(vec![Output::public(&out, req.to_der())], a.force, &[input.as_path()])?;
    let line = json!({
        "statement": statement.id(),
        "kind": statement.kind(),
        "imprint": hex(imprint.digest()),
        "hash": "sha256",
        "nonce": req.nonce().map(|n| hex(n.as_bytes())),
        "policy": req.requested_policy(),
        "out": out.display().to_string(),
    });
    if fsio::is_dash(&out) {
        stderr_line(line);
    } else {
        stdout_line(line)?;
    }
    Ok(EXIT_OK)
}

/// A statement file's statement.
fn read_statement(f: &Path) -> Result<Statement, CliError> {
    let bytes = fsio::read_input(f, MAX_STATEMENT_SIZE, "statement")?;
    Statement::decode(&bytes).map_err(|e| {
        CliError::input_hint(
            super::shown(f),
            e,
            super::looks_like(
                &bytes,
                "a statement's exact bytes (from `seal --statement-out` or `open --statement-out`), or \
                 --transcript T --id ID",
                "timestamp --request",
            ),
        )
    })
}

/// The statement of `t` whose id is `id` or starts with it (8 hex digits
/// at least, naming one statement only).
fn find_in_transcript(t: &Path, id: &str) -> Result<Statement, CliError> {
    let want = id.to_ascii_lowercase();
    if want.len() < 8 || want.len() > 64 || !want.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(CliError::usage(format!(
            "--id {id}: a statement id is 64 hex digits (a unique prefix of 8 or more will do)"
        )));
    }
    let damaged = |e: econtract::TranscriptError| {
        CliError::input_hint(
            t.display(),
            format!("cannot read the transcript: {e}"),
            "audit it with `econtract audit` to see what is wrong",
        )
    };
    let file = fsio::open_regular(t)?;
    let mut reader = TranscriptReader::new(BufReader::new(file)).map_err(damaged)?;
    let mut found: Option<Statement> = None;
    while let Some((_, record)) = reader.next_record().map_err(damaged)? {
        if let Record::Statement(s) = record
            && s.id().to_hex().starts_with(&want)
        {
            if let Some(first) = &found
                && first.id() != s.id()
            {
                return Err(CliError::usage(format!(
                    "--id {id}: names more than one statement ({} and {}); give more digits",
                    first.id(),
                    s.id()
                )));
            }
            found = Some(s);
        }
    }
    found.ok_or_else(|| {
        CliError::input_hint(
            t.display(),
            format!("no statement {id} in the transcript"),
            "`econtract inspect TRANSCRIPT` lists its statements and their ids",
        )
    })
}

/// Verifies a TSA's response against the request sent, then appends its
/// token to a transcript and/or writes it to a file.
pub fn response(a: Args) -> Result<u8, CliError> {
    let Some(resp_path) = a.response.clone() else {
        return Err(CliError::usage("--response RESP.tsr is missing"));
    };
    let Some(Some(req_path)) = a.request.clone() else {
        return Err(CliError::usage(
            "--response needs --request REQ.tsq, the request that was sent to the TSA",
        ));
    };
    if a.statement.is_some() {
        return Err(CliError::usage(
            "--response takes no statement: the request names it (and --append the transcript)",
        ));
    }
    if a.trust_tsa.is_empty() {
        return Err(CliError::usage(
            "--response needs --trust-tsa ROOTS.pem, the root certificates of the TSAs you trust",
        ));
    }
    let req_bytes = fsio::read_input(&req_path, MAX_RFC3161_SIZE, "time-stamp request")?;
    let req = TimeStampReq::from_der(&req_bytes).map_err(|e| {
        CliError::input_hint(
            fsio::name(&req_path),
            e,
            "give the request file that was sent (from `econtract timestamp --request`)",
        )
    })?;
    let resp = fsio::read_input(&resp_path, MAX_RFC3161_SIZE, "time-stamp response")?;
    let mut extra = Vec::new();
    for f in &a.tsa_cert {
        extra.extend(pki::read_certificates(f)?);
    }
    let anchors = pki::read_anchors(&a.trust_tsa, &extra, "--trust-tsa")?;
    let (token, verified) = req.verify_response(&resp, &anchors).map_err(|e| {
        CliError::input_hint(
            fsio::name(&resp_path),
            format!("time-stamp refused: {e}"),
            pki::rfc3161_hint(&e),
        )
    })?;
    let mut inputs: Vec<&Path> = vec![&req_path, &resp_path];
    inputs.extend(a.append.iter().map(PathBuf::as_path));
    let outputs = a
        .out
        .iter()
        .map(|o| Output::public(o, token.as_der().to_vec()))
        .collect::<Vec<_>>();
    // Before the transcript changes: an output that cannot be written is
    // refused first.
    fsio::check_outputs(&outputs, a.force, &inputs)?;
    let imprint = *req.imprint().digest();
    let mut stamped = None;
    if let Some(t) = &a.append {
        let file = append::open_existing(t)?;
        stamped = Some(append::append_locked(file, t, |_, held| {
            let Some(id) = held.imprints.get(&imprint).copied() else {
                return Err(CliError::input_hint(
                    t.display(),
                    format!(
                        "the token stamps no statement of this transcript (imprint {})",
                        hex(&imprint)
                    ),
                    "append it to the transcript that holds the statement the request was made for",
                ));
            };
            let digest: [u8; 32] = Sha256::digest(token.as_der()).into();
            if held.x509.contains(&digest) {
                return Err(CliError::input_hint(
                    t.display(),
                    format!(
                        "this token (serial {}) is already in the transcript",
                        verified.serial_hex()
                    ),
                    "leave it out",
                ));
            }
            let mut w = TranscriptWriter::append(Vec::new());
            w.rfc3161_token(&token).map_err(|e| CliError::io(t, "write", e))?;
            let bytes = w.finish().map_err(|e| CliError::io(t, "write", e))?;
            Ok((bytes, id))
        })?);
    }
    fsio::commit_outputs(outputs, a.force, &inputs)?;
    let mut line = json!({
        "serial": verified.serial_hex(),
        "time": verified.gen_time(),
        "tsa": verified.signer_subject(),
        "policy": verified.policy(),
        "imprint": hex(&imprint),
    });
    if let Some(m) = line.as_object_mut() {
        if let (Some(t), Some(id)) = (&a.append, stamped) {
            m.insert("statement".into(), json!(id));
            m.insert("appended".into(), json!(t.display().to_string()));
        }
        if let Some(o) = &a.out {
            m.insert("out".into(), json!(o.display().to_string()));
        }
    }
    if a.out.as_deref().is_some_and(fsio::is_dash) {
        stderr_line(line);
    } else {
        stdout_line(line)?;
    }
    Ok(EXIT_OK)
}
