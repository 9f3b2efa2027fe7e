//! Strict, deterministic CBOR: the one place where untrusted bytes are decoded.
//!
//! SPEC.md section "Encoding". Everything econtract writes is encoded with the
//! core deterministic rules of RFC 8949 section 4.2.1 (shortest heads, definite
//! lengths, map keys sorted by the bytewise order of their encodings), and
//! everything it reads must already be in that form: a non-minimal head, an
//! indefinite length, a duplicate or out-of-order map key, a float, a simple
//! value other than `false`/`true`, a trailing byte, invalid UTF-8, nesting
//! deeper than [`MAX_DEPTH`] or more than [`MAX_ITEMS`] items is a
//! [`DecodeError`]. Because input is checked to be canonical, the bytes that
//! were signed are the only encoding of the value they carry.
//!
//! Lengths are checked against the bytes actually present before anything is
//! allocated, so a head claiming 2^60 bytes fails at once.

use std::borrow::Cow;

use crate::error::DecodeError;

/// Maximum nesting depth of arrays, maps and tags in one decoded item.
pub const MAX_DEPTH: usize = 16;
/// Maximum number of data items (counting every nested item) in one decode.
pub const MAX_ITEMS: usize = 4096;

/// A decoded CBOR data item, restricted to the kinds econtract uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Value<'a> {
    /// Major type 0.
    Uint(u64),
    /// Major type 1: the value is `-1 - n`.
    Nint(u64),
    /// Major type 2.
    Bytes(Vec<u8>),
    /// Major type 3: borrowed from the input when decoded.
    Text(Cow<'a, str>),
    /// Major type 4.
    Array(Vec<Value<'a>>),
    /// Major type 5, entries in canonical key order.
    Map(Vec<(Value<'a>, Value<'a>)>),
    /// Major type 6.
    Tag(u64, Box<Value<'a>>),
    /// Simple values 20 and 21.
    Bool(bool),
}

impl<'a> Value<'a> {
    /// An integer, positive or negative.
    pub(crate) fn int(v: i64) -> Value<'a> {
        if v >= 0 {
            Value::Uint(v as u64)
        } else {
            Value::Nint(!(v as u64))
        }
    }

    /// A text string.
    pub(crate) fn text(s: &'a str) -> Value<'a> {
        Value::Text(Cow::Borrowed(s))
    }

    /// A map whose entries are put in canonical order (RFC 8949 section 4.2.1).
    ///
    /// Keys are built by this crate from constants, so two equal keys are a
    /// programming error; they are caught by a debug assertion.
    pub(crate) fn map(mut entries: Vec<(Value<'a>, Value<'a>)>) -> Value<'a> {
        entries.sort_by(|a, b| canonical_key_order(&a.0, &b.0));
        debug_assert!(
            entries.windows(2).all(|w| w[0].0.to_vec() < w[1].0.to_vec()),
            "duplicate or mis-ordered key"
        );
        Value::Map(entries)
    }

    /// The deterministic encoding of this value.
    pub(crate) fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }

    /// Appends the deterministic encoding of this value to `out`.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Value::Uint(n) => write_head(out, 0, *n),
            Value::Nint(n) => write_head(out, 1, *n),
            Value::Bytes(b) => {
                write_head(out, 2, b.len() as u64);
                out.extend_from_slice(b);
            }
            Value::Text(s) => {
                write_head(out, 3, s.len() as u64);
                out.extend_from_slice(s.as_bytes());
            }
            Value::Array(items) => {
                write_head(out, 4, items.len() as u64);
                for item in items {
                    item.encode(out);
                }
            }
            Value::Map(entries) => {
                write_head(out, 5, entries.len() as u64);
                for (k, v) in entries {
                    k.encode(out);
                    v.encode(out);
                }
            }
            Value::Tag(tag, inner) => {
                write_head(out, 6, *tag);
                inner.encode(out);
            }
            Value::Bool(b) => out.push(if *b { 0xf5 } else { 0xf4 }),
        }
    }

    /// A short name of this item's type, for error messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Value::Uint(_) => "unsigned integer",
            Value::Nint(_) => "negative integer",
            Value::Bytes(_) => "byte string",
            Value::Text(_) => "text string",
            Value::Array(_) => "array",
            Value::Map(_) => "map",
            Value::Tag(..) => "tag",
            Value::Bool(_) => "boolean",
        }
    }
}

/// The bytewise order of the deterministic encodings of two map keys,
/// computed without encoding them. Keys are unsigned or negative integers
/// or text strings (the only key types econtract uses): their first bytes
/// put unsigned integers (major 0) before negative ones (major 1) before
/// text (major 3); within a major type, shortest-form heads make the order
/// that of the argument (the value, the negated value, or the length), and
/// for text of equal length, that of the bytes.
fn canonical_key_order(a: &Value, b: &Value) -> std::cmp::Ordering {
    fn rank<'v>(v: &'v Value<'_>) -> (u8, u64, &'v [u8]) {
        match v {
            Value::Uint(n) => (0, *n, &[]),
            Value::Nint(n) => (1, *n, &[]),
            Value::Text(t) => (3, t.len() as u64, t.as_bytes()),
            // No other type is a key in this crate's structures.
            _ => (7, 0, &[]),
        }
    }
    rank(a).cmp(&rank(b))
}

/// Writes a CBOR head (major type and argument) in its shortest form.
pub(crate) fn write_head(out: &mut Vec<u8>, major: u8, arg: u64) {
    let (buf, n) = head(major, arg);
    out.extend_from_slice(&buf[..n]);
}

/// A CBOR head in its shortest form: the bytes, of which the first `n` count.
pub(crate) fn head(major: u8, arg: u64) -> ([u8; 9], usize) {
    let mut buf = [0u8; 9];
    let m = major << 5;
    let n = if arg < 24 {
        buf[0] = m | arg as u8;
        1
    } else if arg <= u8::MAX as u64 {
        buf[0] = m | 24;
        buf[1] = arg as u8;
        2
    } else if arg <= u16::MAX as u64 {
        buf[0] = m | 25;
        buf[1..3].copy_from_slice(&(arg as u16).to_be_bytes());
        3
    } else if arg <= u32::MAX as u64 {
        buf[0] = m | 26;
        buf[1..5].copy_from_slice(&(arg as u32).to_be_bytes());
        5
    } else {
        buf[0] = m | 27;
        buf[1..9].copy_from_slice(&arg.to_be_bytes());
        9
    };
    (buf, n)
}

/// Appends a byte-string head and its content.
pub(crate) fn write_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    write_head(out, 2, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Decodes exactly one data item that fills all of `bytes`.
pub(crate) fn decode(bytes: &[u8]) -> Result<Value<'_>, DecodeError> {
    let mut d = Decoder {
        buf: bytes,
        pos: 0,
        items: 0,
    };
    let v = d.item(0)?;
    if d.pos != bytes.len() {
        return Err(DecodeError::TrailingBytes {
            at: d.pos,
            count: bytes.len() - d.pos,
        });
    }
    Ok(v)
}

/// Reads one CBOR head from a byte stream, enforcing the shortest form:
/// `Ok(None)` at a clean end of input, else `(major type, argument)`.
/// Used by the streaming transcript reader, which reads heads and then a
/// bounded number of content bytes.
pub(crate) fn read_head<R: std::io::Read>(r: &mut R, at: usize) -> Result<Option<(u8, u64)>, StreamError> {
    let mut first = [0u8; 1];
    loop {
        match r.read(&mut first) {
            Ok(0) => return Ok(None),
            Ok(_) => break,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(StreamError::Io(e)),
        }
    }
    let major = first[0] >> 5;
    let ai = first[0] & 0x1f;
    let Some(width) = arg_width(ai, at).map_err(StreamError::Decode)? else {
        return Ok(Some((major, ai as u64)));
    };
    let mut b = [0u8; 8];
    read_exact(r, &mut b[8 - width..], at)?;
    let arg = u64::from_be_bytes(b);
    check_minimal(width, arg, at).map_err(StreamError::Decode)?;
    Ok(Some((major, arg)))
}

/// `read_exact` that reports a short read as truncated CBOR.
pub(crate) fn read_exact<R: std::io::Read>(r: &mut R, buf: &mut [u8], at: usize) -> Result<(), StreamError> {
    r.read_exact(buf).map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => StreamError::Decode(DecodeError::Truncated { at }),
        _ => StreamError::Io(e),
    })
}

/// A failure while reading CBOR from a stream.
#[derive(Debug)]
pub(crate) enum StreamError {
    /// The stream failed.
    Io(std::io::Error),
    /// The bytes are not canonical CBOR.
    Decode(DecodeError),
}

/// How many bytes follow an initial byte with additional information `ai`
/// to give its argument: `None` if the argument is `ai` itself.
/// Indefinite lengths and reserved values are refused.
fn arg_width(ai: u8, at: usize) -> Result<Option<usize>, DecodeError> {
    match ai {
        0..=23 => Ok(None),
        24 => Ok(Some(1)),
        25 => Ok(Some(2)),
        26 => Ok(Some(4)),
        27 => Ok(Some(8)),
        31 => Err(DecodeError::Indefinite { at }),
        _ => Err(DecodeError::Reserved { at }),
    }
}

fn check_minimal(width: usize, arg: u64, at: usize) -> Result<(), DecodeError> {
    let minimal = match width {
        0 => true,
        1 => arg >= 24,
        2 => arg > u8::MAX as u64,
        4 => arg > u16::MAX as u64,
        _ => arg > u32::MAX as u64,
    };
    if minimal {
        Ok(())
    } else {
        Err(DecodeError::NonCanonical { at })
    }
}

struct Decoder<'a> {
    buf: &'a [u8],
    pos: usize,
    items: usize,
}

impl<'a> Decoder<'a> {
    fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    fn take(&mut self, n: u64, at: usize) -> Result<&'a [u8], DecodeError> {
        if n > self.remaining() as u64 {
            return Err(DecodeError::Truncated { at });
        }
        let n = n as usize;
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn head(&mut self) -> Result<(u8, u8, u64), DecodeError> {
        let at = self.pos;
        let first = *self.buf.get(at).ok_or(DecodeError::Truncated { at })?;
        self.pos += 1;
        let major = first >> 5;
        let ai = first & 0x1f;
        let Some(width) = arg_width(ai, at)? else {
            return Ok((major, ai, ai as u64));
        };
        let raw = self.take(width as u64, at)?;
        let mut b = [0u8; 8];
        b[8 - raw.len()..].copy_from_slice(raw);
        let arg = u64::from_be_bytes(b);
        // Floats (major 7, widths 2/4/8) are refused below; the shortest-form
        // rule applies to every other head.
        if major != 7 {
            check_minimal(width, arg, at)?;
        }
        Ok((major, ai, arg))
    }

    fn item(&mut self, depth: usize) -> Result<Value<'a>, DecodeError> {
        let at = self.pos;
        if depth > MAX_DEPTH {
            return Err(DecodeError::TooDeep { at });
        }
        self.items += 1;
        if self.items > MAX_ITEMS {
            return Err(DecodeError::TooManyItems { at });
        }
        let (major, ai, arg) = self.head()?;
        match major {
            0 => Ok(Value::Uint(arg)),
            1 => Ok(Value::Nint(arg)),
            2 => Ok(Value::Bytes(self.take(arg, at)?.to_vec())),
            3 => {
                let raw = self.take(arg, at)?;
                let s = std::str::from_utf8(raw).map_err(|_| DecodeError::InvalidUtf8 { at })?;
                Ok(Value::Text(Cow::Borrowed(s)))
            }
            4 => {
                // Every item takes at least one byte: a count larger than what
                // is left can never be satisfied, so refuse it before allocating.
                if arg > self.remaining() as u64 {
                    return Err(DecodeError::Truncated { at });
                }
                // Capacity is also capped by the item budget left, so a
                // forged count cannot allocate far beyond the input's size.
                let mut items = Vec::with_capacity((arg as usize).min(MAX_ITEMS - self.items));
                for _ in 0..arg {
                    items.push(self.item(depth + 1)?);
                }
                Ok(Value::Array(items))
            }
            5 => {
                if arg.saturating_mul(2) > self.remaining() as u64 {
                    return Err(DecodeError::Truncated { at });
                }
                let mut entries = Vec::with_capacity((arg as usize).min((MAX_ITEMS - self.items) / 2));
                let mut prev: Option<(usize, usize)> = None;
                for _ in 0..arg {
                    let key_at = self.pos;
                    let key = self.item(depth + 1)?;
                    let key_end = self.pos;
                    if !matches!(key, Value::Uint(_) | Value::Nint(_) | Value::Text(_)) {
                        return Err(DecodeError::UnsupportedKey { at: key_at });
                    }
                    if let Some((ps, pe)) = prev {
                        let before = &self.buf[ps..pe];
                        let this = &self.buf[key_at..key_end];
                        if this == before {
                            return Err(DecodeError::DuplicateKey { at: key_at });
                        }
                        if this < before {
                            return Err(DecodeError::KeyOrder { at: key_at });
                        }
                    }
                    prev = Some((key_at, key_end));
                    let value = self.item(depth + 1)?;
                    entries.push((key, value));
                }
                Ok(Value::Map(entries))
            }
            6 => Ok(Value::Tag(arg, Box::new(self.item(depth + 1)?))),
            _ => match ai {
                20 => Ok(Value::Bool(false)),
                21 => Ok(Value::Bool(true)),
                _ => Err(DecodeError::Unsupported { at }),
            },
        }
    }
}

/// Reads the fields of a decoded map by key, then insists nothing is left.
///
/// Unknown fields are refused (SPEC.md "Encoding": nothing is silently
/// accepted). Keys arrive in canonical order, so there are no duplicates.
pub(crate) struct Fields<'a> {
    what: &'static str,
    entries: Vec<(Value<'a>, Value<'a>)>,
}

/// A map key as written in the schema.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Key {
    /// An integer label (COSE and CWT).
    Int(i64),
    /// A text key (econtract payloads).
    Text(&'static str),
}

impl Key {
    fn matches(&self, v: &Value) -> bool {
        match (self, v) {
            (Key::Int(i), v) => *v == Value::int(*i),
            (Key::Text(s), Value::Text(t)) => *s == &**t,
            _ => false,
        }
    }
    fn name(&self) -> String {
        match self {
            Key::Int(i) => i.to_string(),
            Key::Text(s) => format!("\"{s}\""),
        }
    }
}

impl<'a> Fields<'a> {
    /// Starts reading `value`, which must be a map; `what` names it in errors.
    pub(crate) fn new(what: &'static str, value: Value<'a>) -> Result<Fields<'a>, DecodeError> {
        match value {
            Value::Map(entries) => Ok(Fields { what, entries }),
            other => Err(DecodeError::schema(
                what,
                format!("expected a map, found {}", other.type_name()),
            )),
        }
    }

    /// Removes and returns the field `key`, if present.
    ///
    /// A field read is left in place with the key `false` (a boolean, which
    /// no decoded map has as a key), so that nothing is shifted.
    pub(crate) fn optional(&mut self, key: Key) -> Option<Value<'a>> {
        let (k, v) = self.entries.iter_mut().find(|(k, _)| key.matches(k))?;
        *k = Value::Bool(false);
        Some(std::mem::replace(v, Value::Bool(false)))
    }

    /// Removes and returns the field `key`, which must be present.
    pub(crate) fn required(&mut self, key: Key) -> Result<Value<'a>, DecodeError> {
        self.optional(key)
            .ok_or_else(|| DecodeError::schema(self.what, format!("missing field {}", key.name())))
    }

    /// Succeeds only if every field has been read.
    pub(crate) fn finish(self) -> Result<(), DecodeError> {
        match self.entries.iter().find(|(k, _)| !matches!(k, Value::Bool(_))) {
            None => Ok(()),
            Some((k, _)) => {
                let name = match k {
                    Value::Text(t) => format!("\"{}\"", t.escape_debug()),
                    Value::Uint(n) => n.to_string(),
                    Value::Nint(n) => format!("-{}", *n as u128 + 1),
                    other => other.type_name().to_owned(),
                };
                Err(DecodeError::schema(self.what, format!("unknown field {name}")))
            }
        }
    }
}

/// Typed accessors that turn a [`Value`] into what the schema expects,
/// naming the field in the error.
impl<'a> Value<'a> {
    pub(crate) fn into_uint(self, what: &'static str) -> Result<u64, DecodeError> {
        match self {
            Value::Uint(n) => Ok(n),
            other => Err(expected(what, "an unsigned integer", &other)),
        }
    }

    pub(crate) fn into_int(self, what: &'static str) -> Result<i64, DecodeError> {
        match self {
            Value::Uint(n) if n <= i64::MAX as u64 => Ok(n as i64),
            Value::Nint(n) if n <= i64::MAX as u64 => Ok(-1 - n as i64),
            other => Err(expected(what, "an integer in the 64-bit signed range", &other)),
        }
    }

    pub(crate) fn into_bytes(self, what: &'static str) -> Result<Vec<u8>, DecodeError> {
        match self {
            Value::Bytes(b) => Ok(b),
            other => Err(expected(what, "a byte string", &other)),
        }
    }

    pub(crate) fn into_array32(self, what: &'static str) -> Result<[u8; 32], DecodeError> {
        let b = self.into_bytes(what)?;
        <[u8; 32]>::try_from(b.as_slice())
            .map_err(|_| DecodeError::schema(what, format!("expected 32 bytes, found {}", b.len())))
    }

    pub(crate) fn into_text(self, what: &'static str) -> Result<String, DecodeError> {
        match self {
            Value::Text(t) => Ok(t.into_owned()),
            other => Err(expected(what, "a text string", &other)),
        }
    }

    /// The text, borrowed from the decoded input where it was (for text
    /// that is only compared or parsed, not kept).
    pub(crate) fn into_str(self, what: &'static str) -> Result<Cow<'a, str>, DecodeError> {
        match self {
            Value::Text(t) => Ok(t),
            other => Err(expected(what, "a text string", &other)),
        }
    }

    pub(crate) fn into_bool(self, what: &'static str) -> Result<bool, DecodeError> {
        match self {
            Value::Bool(b) => Ok(b),
            other => Err(expected(what, "a boolean", &other)),
        }
    }

    pub(crate) fn into_array(self, what: &'static str) -> Result<Vec<Value<'a>>, DecodeError> {
        match self {
            Value::Array(a) => Ok(a),
            other => Err(expected(what, "an array", &other)),
        }
    }
}

fn expected(what: &'static str, wanted: &str, found: &Value<'_>) -> DecodeError {
    DecodeError::schema(what, format!("expected {wanted}, found {}", found.type_name()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn shortest_heads_round_trip() {
        for (v, h) in [
            (0u64, "00"),
            (23, "17"),
            (24, "1818"),
            (255, "18ff"),
            (256, "190100"),
            (65535, "19ffff"),
            (65536, "1a00010000"),
            (u32::MAX as u64, "1affffffff"),
            (1 << 32, "1b0000000100000000"),
        ] {
            let enc = Value::Uint(v).to_vec();
            assert_eq!(enc, hex(h), "{v}");
            assert_eq!(decode(&enc).unwrap(), Value::Uint(v));
        }
        assert_eq!(Value::int(-65537).to_vec(), hex("3a00010000"));
        assert_eq!(decode(&hex("3a00010000")).unwrap().into_int("x").unwrap(), -65537);
    }

    #[test]
    fn rejects_non_minimal_heads() {
        for h in [
            "1800",
            "1817",
            "190017",
            "1900ff",
            "1a0000ffff",
            "1b00000000ffffffff",
            "5800",
            "780161",
        ] {
            assert!(matches!(decode(&hex(h)), Err(DecodeError::NonCanonical { .. })), "{h}");
        }
    }

    #[test]
    fn rejects_indefinite_reserved_floats_and_simple_values() {
        assert!(matches!(
            decode(&hex("5f41614162ff")),
            Err(DecodeError::Indefinite { .. })
        ));
        assert!(matches!(decode(&hex("9f01ff")), Err(DecodeError::Indefinite { .. })));
        assert!(matches!(decode(&hex("bf0101ff")), Err(DecodeError::Indefinite { .. })));
        assert!(matches!(decode(&hex("1c")), Err(DecodeError::Reserved { .. })));
        for h in ["f93c00", "fa3f800000", "fb3ff0000000000000", "f6", "f7", "f0", "f820"] {
            assert!(matches!(decode(&hex(h)), Err(DecodeError::Unsupported { .. })), "{h}");
        }
        assert_eq!(decode(&hex("f5")).unwrap(), Value::Bool(true));
    }

    #[test]
    fn rejects_duplicate_and_unsorted_keys() {
        // {1: 0, 1: 0}
        assert!(matches!(
            decode(&hex("a201000100")),
            Err(DecodeError::DuplicateKey { .. })
        ));
        // {2: 0, 1: 0}
        assert!(matches!(decode(&hex("a202000100")), Err(DecodeError::KeyOrder { .. })));
        // {"b": 0, "a": 0}
        assert!(matches!(
            decode(&hex("a2616200616100")),
            Err(DecodeError::KeyOrder { .. })
        ));
        // Length-first order: {"b": 0, "aa": 0} is canonical.
        assert!(decode(&hex("a26162006261610a")).is_ok());
        // Negative after positive: {1: 0, -1: 0} is canonical, the reverse is not.
        assert!(decode(&hex("a201002000")).is_ok());
        assert!(matches!(decode(&hex("a220000100")), Err(DecodeError::KeyOrder { .. })));
        // Byte-string keys are not used by econtract.
        assert!(matches!(
            decode(&hex("a1416100")),
            Err(DecodeError::UnsupportedKey { .. })
        ));
    }

    #[test]
    fn map_constructor_sorts_canonically() {
        let m = Value::map(vec![
            (Value::int(-65538), Value::Uint(1)),
            (Value::text("aa"), Value::Uint(2)),
            (Value::int(15), Value::Uint(3)),
            (Value::text("b"), Value::Uint(4)),
            (Value::int(1), Value::Uint(5)),
        ]);
        let enc = m.to_vec();
        assert_eq!(decode(&enc).unwrap(), m);
        assert_eq!(enc, hex("a501050f033a000100010161620462616102"));
    }

    #[test]
    fn key_order_without_encoding_matches_the_encodings() {
        let keys = [
            Value::Uint(0),
            Value::Uint(23),
            Value::Uint(24),
            Value::Uint(255),
            Value::Uint(256),
            Value::Uint(1 << 40),
            Value::int(-1),
            Value::int(-24),
            Value::int(-25),
            Value::int(-65537),
            Value::int(-65538),
            Value::text(""),
            Value::text("b"),
            Value::text("z"),
            Value::text("aa"),
            Value::Text("x".repeat(23).into()),
            Value::Text("a".repeat(24).into()),
            Value::Text("a".repeat(300).into()),
        ];
        for a in &keys {
            for b in &keys {
                assert_eq!(canonical_key_order(a, b), a.to_vec().cmp(&b.to_vec()), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn huge_lengths_fail_fast() {
        // A byte string claiming 2^60 bytes.
        assert!(matches!(
            decode(&hex("5b1000000000000000")),
            Err(DecodeError::Truncated { .. })
        ));
        // An array claiming 2^60 items.
        assert!(matches!(
            decode(&hex("9b1000000000000000")),
            Err(DecodeError::Truncated { .. })
        ));
        // A map claiming 2^63 entries.
        assert!(matches!(
            decode(&hex("bb8000000000000000")),
            Err(DecodeError::Truncated { .. })
        ));
    }

    #[test]
    fn depth_and_item_limits() {
        let deep = vec![0x81u8; MAX_DEPTH + 1];
        let mut ok = deep[..MAX_DEPTH].to_vec();
        ok.push(0);
        assert!(decode(&ok).is_ok());
        let mut bad = deep.clone();
        bad.push(0);
        assert!(matches!(decode(&bad), Err(DecodeError::TooDeep { .. })));
        let mut many = vec![0x99, 0x10, 0x00];
        many.extend(std::iter::repeat_n(0u8, 4096));
        assert!(matches!(decode(&many), Err(DecodeError::TooManyItems { .. })));
    }

    #[test]
    fn trailing_bytes_and_truncation() {
        assert!(matches!(decode(&hex("0000")), Err(DecodeError::TrailingBytes { .. })));
        assert!(matches!(decode(&hex("")), Err(DecodeError::Truncated { .. })));
        assert!(matches!(decode(&hex("43aabb")), Err(DecodeError::Truncated { .. })));
        assert!(matches!(decode(&hex("62c328")), Err(DecodeError::InvalidUtf8 { .. })));
    }
}
