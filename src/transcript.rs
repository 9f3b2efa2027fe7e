//! Transcripts: everything about one contract, in order, as a CBOR sequence
//! (RFC 8742) that can be appended to and read as a stream.
//!
//! SPEC.md section "Transcripts".
//!
//! ```cddl
//! transcript = (transcript-header, * record)     ; a CBOR sequence
//! transcript-header = ["econtract-transcript", 1, contract-id]
//! record = [1, bstr .cbor party-card]
//!        / [2, bstr .cbor statement]
//!        / [3, bstr .cbor timestamp-token]
//!        / [4, bstr]   ; an RFC 3161 TimeStampToken (DER), SPEC.md 11.1
//!        / [5, bstr]   ; an X.509 certificate (DER), SPEC.md 7.1
//!        / [6, bstr]   ; an X.509 CRL (DER), SPEC.md 7.1
//! ```
//!
//! The reader holds one record at a time and refuses a record longer than
//! the limit of its type before reading it, so memory does not depend on
//! the length of the transcript.

use std::io::{Read, Write};

use thiserror::Error;

use crate::Verified;
use crate::cbor::{self, StreamError};
use crate::error::{DecodeError, KeyError, VerifyError};
use crate::ids::{ContractId, MAX_CONTRACT_ID, PartyId};
use crate::keys::{MAX_CARD_SIZE, PartyCard};
use crate::statement::{MAX_STATEMENT_SIZE, Statement};
use crate::timestamp::{MAX_TOKEN_SIZE, TimestampToken};

/// First element of a transcript header.
pub const TRANSCRIPT_LABEL: &str = "econtract-transcript";
/// Transcript format version.
pub const TRANSCRIPT_VERSION: u64 = 2;
/// Record type of a party card.
pub const RECORD_CARD: u64 = 1;
/// Record type of a statement.
pub const RECORD_STATEMENT: u64 = 2;
/// Record type of a time-stamp token.
pub const RECORD_TOKEN: u64 = 3;
/// Record type of an RFC 3161 time-stamp token (SPEC.md 11.1).
pub const RECORD_RFC3161: u64 = 4;
/// Record type of an X.509 certificate (SPEC.md 7.1).
pub const RECORD_CERTIFICATE: u64 = 5;
/// Record type of an X.509 certificate revocation list (SPEC.md 7.1).
pub const RECORD_CRL: u64 = 6;
/// Most records in one transcript.
pub const MAX_RECORDS: usize = 1 << 20;

/// A transcript that cannot be read or verified.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum TranscriptError {
    /// The underlying reader or writer failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The input does not start with a transcript header.
    #[error("not an econtract transcript: {0}")]
    Header(DecodeError),
    /// A record is malformed (`index` counts records from 0, after the header;
    /// `offset` is the byte offset of the record in the input).
    #[error("record {index} at byte {offset}: {error}")]
    Record {
        /// Record number.
        index: usize,
        /// Byte offset of the record.
        offset: u64,
        /// What is wrong.
        error: DecodeError,
    },
    /// A party card record is invalid.
    #[error("record {index}: invalid party card: {error}")]
    Card {
        /// Record number.
        index: usize,
        /// What is wrong.
        error: KeyError,
    },
    /// The input ends inside a record: a torn tail, as a crash or a full
    /// disk leaves in the middle of an append. Everything before `offset`
    /// (the end of the last whole record) is intact as far as the framing
    /// goes; `econtract append --repair` truncates the tail.
    #[error("record {index} at byte {offset} is cut short (a torn tail: an interrupted append?)")]
    TornTail {
        /// Number of the partial record.
        index: usize,
        /// Byte offset where it starts: the length of the whole records.
        offset: u64,
    },
    /// More than [`MAX_RECORDS`] records.
    #[error("more than {MAX_RECORDS} records")]
    TooManyRecords,
    /// A statement or token does not verify.
    #[error("record {index}: unverifiable: {error}")]
    Unverifiable {
        /// Record number.
        index: usize,
        /// Why.
        error: VerifyError,
    },
    /// A declared card is not among the cards the auditor trusts.
    #[error("record {index}: party card of {party} is not trusted")]
    Untrusted {
        /// Record number.
        index: usize,
        /// The party.
        party: PartyId,
    },
    /// Two different cards for one party id.
    #[error("record {index}: a second, different card for party {party}")]
    CardConflict {
        /// Record number.
        index: usize,
        /// The party.
        party: PartyId,
    },
    /// An RFC 3161 token record is malformed, or does not verify under
    /// the auditor's time-stamping trust anchors.
    #[error("record {index}: RFC 3161 token: {error}")]
    Rfc3161 {
        /// Record number.
        index: usize,
        /// Why.
        error: crate::rfc3161::Rfc3161Error,
    },
    /// A certificate or CRL record is malformed.
    #[error("record {index}: {error}")]
    X509 {
        /// Record number.
        index: usize,
        /// Why.
        error: crate::x509::X509Error,
    },
}

/// One record of a transcript, decoded strictly. Cards are verified when
/// decoded; statements and tokens are verified by [`crate::audit()`].
#[derive(Clone, Debug, PartialEq, Eq)]
// Records are read one at a time and moved on at once; boxing would only add
// an allocation per record.
#[allow(clippy::large_enum_variant)]
pub enum Record {
    /// A party card.
    Card(PartyCard),
    /// A signed statement.
    Statement(Statement),
    /// A time-stamp token.
    Token(TimestampToken),
    /// An RFC 3161 time-stamp token, decoded (not verified).
    Rfc3161(crate::rfc3161::TimeStampToken),
    /// An X.509 certificate's DER bytes, checked to be DER X.509.
    Certificate(Vec<u8>),
    /// An X.509 CRL's DER bytes, checked to be DER.
    Crl(Vec<u8>),
}

/// Writes a transcript.
#[derive(Debug)]
pub struct TranscriptWriter<W: Write> {
    out: W,
    written: u64,
}

impl<W: Write> TranscriptWriter<W> {
    /// Starts a new transcript for `contract`, writing its header.
    pub fn create(mut out: W, contract: &ContractId) -> std::io::Result<Self> {
        let mut h = Vec::with_capacity(96);
        cbor::write_head(&mut h, 4, 3);
        cbor::write_head(&mut h, 3, TRANSCRIPT_LABEL.len() as u64);
        h.extend_from_slice(TRANSCRIPT_LABEL.as_bytes());
        cbor::write_head(&mut h, 0, TRANSCRIPT_VERSION);
        cbor::write_head(&mut h, 3, contract.as_str().len() as u64);
        h.extend_from_slice(contract.as_str().as_bytes());
        out.write_all(&h)?;
        Ok(TranscriptWriter {
            out,
            written: h.len() as u64,
        })
    }

    /// Continues a transcript whose header is already written (for example,
    /// a file opened for appending).
    pub fn append(out: W) -> Self {
        TranscriptWriter { out, written: 0 }
    }

    /// Bytes written so far through this writer (the header included).
    pub fn bytes_written(&self) -> u64 {
        self.written
    }

    fn record(&mut self, kind: u64, bytes: &[u8]) -> std::io::Result<()> {
        let mut h = Vec::with_capacity(8);
        cbor::write_head(&mut h, 4, 2);
        cbor::write_head(&mut h, 0, kind);
        cbor::write_head(&mut h, 2, bytes.len() as u64);
        self.out.write_all(&h)?;
        self.out.write_all(bytes)?;
        self.written += (h.len() + bytes.len()) as u64;
        Ok(())
    }

    /// Appends a party card.
    pub fn card(&mut self, card: &PartyCard) -> std::io::Result<()> {
        self.record(RECORD_CARD, card.as_bytes())
    }

    /// Appends a signed statement, by its exact bytes.
    pub fn statement(&mut self, statement: &Verified<Statement>) -> std::io::Result<()> {
        self.record(RECORD_STATEMENT, statement.as_bytes())
    }

    /// Appends a time-stamp token, by its exact bytes.
    pub fn token(&mut self, token: &Verified<TimestampToken>) -> std::io::Result<()> {
        self.record(RECORD_TOKEN, token.as_bytes())
    }

    /// Appends an RFC 3161 time-stamp token, by its exact DER bytes.
    pub fn rfc3161_token(&mut self, token: &crate::rfc3161::TimeStampToken) -> std::io::Result<()> {
        self.record(RECORD_RFC3161, token.as_der())
    }

    /// Appends an X.509 certificate (DER), after checking it is one.
    pub fn certificate(&mut self, der: &[u8]) -> Result<(), TranscriptError> {
        crate::x509::check_certificate(der).map_err(|error| TranscriptError::X509 { index: 0, error })?;
        Ok(self.record(RECORD_CERTIFICATE, der)?)
    }

    /// Appends an X.509 CRL (DER), after checking it is one.
    pub fn crl(&mut self, der: &[u8]) -> Result<(), TranscriptError> {
        crate::x509::check_crl(der).map_err(|error| TranscriptError::X509 { index: 0, error })?;
        Ok(self.record(RECORD_CRL, der)?)
    }

    /// Flushes the output (what was written is handed to the writer's
    /// destination; durability is the destination's business).
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    /// Flushes and returns the output.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Counts the bytes read, for error offsets.
struct Counting<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// Reads a transcript record by record.
pub struct TranscriptReader<R: Read> {
    input: Counting<R>,
    contract: ContractId,
    next: usize,
    failed: bool,
}

impl<R: Read> std::fmt::Debug for TranscriptReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TranscriptReader")
            .field("contract", &self.contract)
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

fn stream_err(e: StreamError) -> TranscriptError {
    match e {
        StreamError::Io(e) => TranscriptError::Io(e),
        StreamError::Decode(e) => TranscriptError::Header(e),
    }
}

impl<R: Read> TranscriptReader<R> {
    /// Reads and checks the header.
    pub fn new(input: R) -> Result<Self, TranscriptError> {
        let mut input = Counting { inner: input, count: 0 };
        let bad = |p: &str| TranscriptError::Header(DecodeError::schema("transcript header", p.to_owned()));
        let head = |input: &mut Counting<R>| -> Result<(u8, u64), TranscriptError> {
            let at = input.count as usize;
            cbor::read_head(input, at)
                .map_err(stream_err)?
                .ok_or(TranscriptError::Header(DecodeError::Truncated { at }))
        };
        if head(&mut input)? != (4, 3) {
            return Err(bad("expected an array of 3 items"));
        }
        if head(&mut input)? != (3, TRANSCRIPT_LABEL.len() as u64) {
            return Err(bad("expected the text \"econtract-transcript\""));
        }
        let mut label = [0u8; TRANSCRIPT_LABEL.len()];
        cbor::read_exact(&mut input, &mut label, 0).map_err(stream_err)?;
        if label != TRANSCRIPT_LABEL.as_bytes() {
            return Err(bad("expected the text \"econtract-transcript\""));
        }
        match head(&mut input)? {
            (0, TRANSCRIPT_VERSION) => {}
            (0, v) => return Err(bad(&format!("unsupported transcript version {v}"))),
            _ => return Err(bad("expected the version number")),
        }
        let (major, len) = head(&mut input)?;
        if major != 3 || len == 0 || len > MAX_CONTRACT_ID as u64 {
            return Err(bad("expected a contract id"));
        }
        let mut id = vec![0u8; len as usize];
        cbor::read_exact(&mut input, &mut id, 0).map_err(stream_err)?;
        let contract = std::str::from_utf8(&id)
            .map_err(|_| bad("contract id is not UTF-8"))
            .and_then(|s| ContractId::new(s).map_err(TranscriptError::Header))?;
        Ok(TranscriptReader {
            input,
            contract,
            next: 0,
            failed: false,
        })
    }

    /// The contract the transcript is about.
    pub fn contract(&self) -> &ContractId {
        &self.contract
    }

    /// Bytes read so far.
    pub fn bytes_read(&self) -> u64 {
        self.input.count
    }

    /// Reads and decodes the next record: `Ok(None)` at the end of the
    /// transcript.
    pub fn next_record(&mut self) -> Result<Option<(usize, Record)>, TranscriptError> {
        match self.next_raw()? {
            None => Ok(None),
            Some(raw) => {
                let index = raw.index;
                raw.decode().map(|r| Some((index, r)))
            }
        }
    }

    /// Reads the next record without decoding its content (its frame is
    /// checked, and its length against its type's limit), so that decoding
    /// can happen elsewhere, for example on another thread.
    pub fn next_raw(&mut self) -> Result<Option<RawRecord>, TranscriptError> {
        if self.failed {
            return Ok(None);
        }
        let r = match self.read_raw() {
            Err(TranscriptError::Record {
                index,
                offset,
                error: DecodeError::Truncated { .. },
            }) => Err(TranscriptError::TornTail { index, offset }),
            r => r,
        };
        if r.is_err() {
            self.failed = true;
        }
        r
    }

    fn read_raw(&mut self) -> Result<Option<RawRecord>, TranscriptError> {
        let index = self.next;
        let offset = self.input.count;
        let rec = |error: DecodeError| TranscriptError::Record { index, offset, error };
        let from_stream = |e: StreamError| match e {
            StreamError::Io(e) => TranscriptError::Io(e),
            StreamError::Decode(error) => TranscriptError::Record { index, offset, error },
        };
        let at = offset as usize;
        let Some(first) = cbor::read_head(&mut self.input, at).map_err(from_stream)? else {
            return Ok(None);
        };
        if index >= MAX_RECORDS {
            return Err(TranscriptError::TooManyRecords);
        }
        if first != (4, 2) {
            return Err(rec(DecodeError::schema(
                "record",
                "expected an array of 2 items".into(),
            )));
        }
        let kind = match cbor::read_head(&mut self.input, at).map_err(from_stream)? {
            Some((0, k @ RECORD_CARD..=RECORD_CRL)) => k,
            Some((0, k)) => return Err(rec(DecodeError::schema("record", format!("unknown record type {k}")))),
            Some(_) => return Err(rec(DecodeError::schema("record", "expected a record type".into()))),
            None => return Err(rec(DecodeError::Truncated { at })),
        };
        let (what, max) = match kind {
            RECORD_CARD => ("party card", MAX_CARD_SIZE),
            RECORD_STATEMENT => ("statement", MAX_STATEMENT_SIZE),
            RECORD_TOKEN => ("time-stamp token", MAX_TOKEN_SIZE),
            RECORD_RFC3161 => ("RFC 3161 token", crate::rfc3161::MAX_RFC3161_SIZE),
            RECORD_CERTIFICATE => ("certificate", crate::x509::MAX_X509_SIZE),
            _ => ("CRL", crate::x509::MAX_X509_SIZE),
        };
        let len = match cbor::read_head(&mut self.input, at).map_err(from_stream)? {
            Some((2, len)) => len,
            Some(_) => return Err(rec(DecodeError::schema("record", "expected a byte string".into()))),
            None => return Err(rec(DecodeError::Truncated { at })),
        };
        // Refuse before allocating: a record never exceeds its type's limit.
        if len > max as u64 {
            return Err(rec(DecodeError::TooLarge {
                what,
                len: usize::try_from(len).unwrap_or(usize::MAX),
                max,
            }));
        }
        let mut bytes = vec![0u8; len as usize];
        cbor::read_exact(&mut self.input, &mut bytes, at).map_err(from_stream)?;
        self.next += 1;
        Ok(Some(RawRecord {
            index,
            offset,
            kind,
            bytes,
        }))
    }
}

/// A record as read, before its content is decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRecord {
    /// Record number (from 0, after the header).
    pub index: usize,
    /// Byte offset of the record in the input.
    pub offset: u64,
    /// Record type: [`RECORD_CARD`], [`RECORD_STATEMENT`], [`RECORD_TOKEN`],
    /// [`RECORD_RFC3161`], [`RECORD_CERTIFICATE`] or [`RECORD_CRL`].
    pub kind: u64,
    /// The record's content: the exact bytes of the card, statement or token.
    pub bytes: Vec<u8>,
}

impl RawRecord {
    /// Decodes the content strictly (cards are also verified).
    pub fn decode(&self) -> Result<Record, TranscriptError> {
        let (index, offset) = (self.index, self.offset);
        let rec = |error: DecodeError| TranscriptError::Record { index, offset, error };
        Ok(match self.kind {
            RECORD_CARD => Record::Card(PartyCard::from_bytes(&self.bytes).map_err(|error| match error {
                KeyError::Decode(error) => rec(error),
                error => TranscriptError::Card { index, error },
            })?),
            RECORD_STATEMENT => Record::Statement(Statement::decode(&self.bytes).map_err(rec)?),
            RECORD_TOKEN => Record::Token(TimestampToken::decode(&self.bytes).map_err(rec)?),
            RECORD_RFC3161 => Record::Rfc3161(
                crate::rfc3161::TimeStampToken::from_der(&self.bytes)
                    .map_err(|error| TranscriptError::Rfc3161 { index, error })?,
            ),
            RECORD_CERTIFICATE => {
                crate::x509::check_certificate(&self.bytes).map_err(|error| TranscriptError::X509 { index, error })?;
                Record::Certificate(self.bytes.clone())
            }
            _ => {
                crate::x509::check_crl(&self.bytes).map_err(|error| TranscriptError::X509 { index, error })?;
                Record::Crl(self.bytes.clone())
            }
        })
    }
}

impl<R: Read> Iterator for TranscriptReader<R> {
    type Item = Result<(usize, Record), TranscriptError>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_record().transpose()
    }
}
