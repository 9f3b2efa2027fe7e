//! `econtract seal`: sign a message and seal it to its recipient.

use std::path::{Path, PathBuf};

use econtract::statement::MAX_STATEMENT_SIZE;
use econtract::{Kind, Message, Statement, seal};
use getrandom::SysRng;
use rand_core::UnwrapErr;

use crate::error::{CliError, EXIT_OK, stderr_line, stdout_line};
use crate::fsio::{self, Output};
use crate::party;

/// The largest message body accepted as JSON: a carried proof is hex in
/// JSON, twice its bytes, and a statement is at most MAX_STATEMENT_SIZE.
const MAX_BODY_JSON: usize = 4 * MAX_STATEMENT_SIZE;

/// The options of `seal`.
#[derive(clap::Args)]
pub struct Args {
    /// The sender's keys (stem or file written by keygen).
    #[arg(long)]
    pub from: PathBuf,
    /// The recipient's card.
    #[arg(long)]
    pub to: PathBuf,
    /// Cards of further parties to seal copies to.
    #[arg(long, num_args = 1..)]
    pub also: Vec<PathBuf>,
    /// Message kind: offer, acceptance, service-instruction, service-proof,
    /// performance-notice, payment, title-transfer, receipt, rejection,
    /// revocation, counter-offer, confirmation, withdrawal, objection,
    /// collection-instruction.
    #[arg(long)]
    pub kind: String,
    /// The message body as JSON (field names as in SPEC.md); `-` reads standard input.
    #[arg(long)]
    pub body: PathBuf,
    /// The contract id.
    #[arg(long)]
    pub contract: String,
    /// Ids (hex) of the statements this one answers.
    #[arg(long, num_args = 1..)]
    pub answers: Vec<String>,
    /// Signing time (RFC 3339); default now.
    #[arg(long)]
    pub time: Option<String>,
    /// Directory of cards, to verify the proofs a performance notice carries.
    #[arg(long)]
    pub cards: Option<PathBuf>,
    /// Where to write the envelope for the recipient (`-`: standard
    /// output); copies go to FILE.<party id prefix>.
    #[arg(long)]
    pub out: PathBuf,
    /// Also write the signed statement itself (for the sender's transcript).
    #[arg(long)]
    pub statement_out: Option<PathBuf>,
    /// Replace output files that exist.
    #[arg(long)]
    pub force: bool,
}

/// Signs, seals, and writes the envelope(s) and the statement together.
pub fn run(a: Args) -> Result<u8, CliError> {
    if fsio::is_dash(&a.out) && !a.also.is_empty() {
        return Err(CliError::usage(
            "--also needs --out to be a file: each copy is written to FILE.<party id prefix>",
        ));
    }
    let kind: Kind = a
        .kind
        .parse()
        .map_err(|e| CliError::usage(format!("--kind {}: {e}", a.kind)))?;
    let contract = super::contract_arg(&a.contract)?;
    let mut answers = Vec::new();
    for h in &a.answers {
        answers.push(
            h.parse()
                .map_err(|e| CliError::usage(format!("--answers {h}: {e} (a statement id is 64 hex digits)")))?,
        );
    }
    let time = super::time_arg("--time", &a.time)?;
    let sender = party::read_party(&a.from)?;
    let recipient = party::read_card(&a.to)?;
    let copies = a
        .also
        .iter()
        .map(|p| party::read_card(p))
        .collect::<Result<Vec<_>, _>>()?;
    let body = fsio::read_input(&a.body, MAX_BODY_JSON, "message body")?;
    let text = std::str::from_utf8(&body).map_err(|_| {
        CliError::input_hint(
            super::shown(&a.body),
            format!(
                "not a JSON {kind} body ({})",
                super::looks_like(&body, "JSON", "seal --body")
            ),
            "give the message body as JSON, with the field names of SPEC.md section 9",
        )
    })?;
    let mut de = serde_json::Deserializer::from_str(text);
    let message = Message::deserialize_body(kind, &mut de)
        .and_then(|m| de.end().map(|_| m))
        .map_err(|e| {
            CliError::input_hint(
                super::shown(&a.body),
                format!("not a valid {kind} body: {e}"),
                format!("see SPEC.md section 9 for the fields of a {kind}"),
            )
        })?;
    let mut proof_cards = party::card_dir(&a.cards)?;
    proof_cards.insert(sender.card().clone());
    let mut b = Statement::build(&sender, &recipient, &contract, time, message).proof_cards(&proof_cards);
    for id in answers {
        b = b.answers(id);
    }
    for c in &copies {
        b = b.copy_to(c);
    }
    let statement = b
        .sign()
        .map_err(|e| CliError::input("the message", format!("cannot sign: {e}")))?;
    let mut rng = UnwrapErr(SysRng);
    let sealed = |card| seal(&statement, card, &mut UnwrapErr(SysRng)).map_err(|e| CliError::input("the message", e));
    let mut outputs = vec![Output::public(
        &a.out,
        seal(&statement, &recipient, &mut rng).map_err(|e| CliError::input("the message", e))?,
    )];
    for c in &copies {
        let mut p = a.out.as_os_str().to_os_string();
        p.push(format!(".{}", &c.id().to_hex()[..16]));
        outputs.push(Output::public(Path::new(&p), sealed(c)?));
    }
    if let Some(p) = &a.statement_out {
        outputs.push(Output::public(p, statement.as_bytes().to_vec()));
    }
    let binary_to_stdout = outputs.iter().any(|o| fsio::is_dash(&o.path));
    let mut read = party::key_inputs(&a.from);
    read.extend(party::dir_inputs(&a.cards));
    read.extend([a.to.clone(), a.body.clone()]);
    read.extend(a.also.iter().cloned());
    let inputs: Vec<&Path> = read.iter().map(PathBuf::as_path).collect();
    fsio::commit_outputs(outputs, a.force, &inputs)?;
    // The id goes where it cannot mix with the binary output.
    if binary_to_stdout {
        stderr_line(statement.id());
    } else {
        stdout_line(statement.id())?;
    }
    Ok(EXIT_OK)
}
