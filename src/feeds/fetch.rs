//! Fetching a feed over HTTP: bounded in time, size and redirects, and conditional
//! (ETag / Last-Modified) so an unchanged feed costs a `304` and no parsing.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{
    CONTENT_LENGTH, ETAG, HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER,
};

/// Most redirects followed before a fetch fails (a loop fails fast).
pub const MAX_REDIRECTS: usize = 5;

/// The validators of the last successful fetch, sent back to the server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` the server sent.
    pub etag: Option<String>,
    /// The `Last-Modified` the server sent.
    pub last_modified: Option<String>,
}

/// What a fetch brought back.
#[derive(Debug)]
pub enum Fetched {
    /// `304 Not Modified`: nothing new since the validators were issued.
    NotModified,
    /// A new document.
    Document {
        /// The body, as served.
        bytes: Vec<u8>,
        /// Validators to send next time.
        validators: Validators,
    },
}

/// Why a fetch failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// No answer within the time limit.
    #[error("timed out after {0} s")]
    Timeout(u64),
    /// More redirects than [`MAX_REDIRECTS`] (or a loop).
    #[error("too many redirects (more than {MAX_REDIRECTS})")]
    Redirects,
    /// The body is larger than allowed.
    #[error("the feed is larger than the {0}-byte limit (ingest.feed_max_bytes)")]
    TooLarge(u64),
    /// The server answered with an error status.
    #[error("HTTP {status}")]
    Status {
        /// The status.
        status: u16,
        /// How long the server asked us to wait (`Retry-After`, in seconds).
        retry_after: Option<u64>,
    },
    /// Connection, TLS or protocol failure.
    #[error("{0}")]
    Transport(String),
}

impl FetchError {
    /// The wait the server asked for, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status {
                retry_after: Some(s),
                ..
            } => Some(Duration::from_secs(*s)),
            _ => None,
        }
    }
}

/// An HTTP client for feeds, shared by all of them.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    timeout: Duration,
    max_bytes: u64,
}

impl Fetcher {
    /// A client whose every fetch (connect, headers and body) must finish within
    /// `timeout` and whose bodies may not exceed `max_bytes`.
    pub fn new(timeout: Duration, max_bytes: u64) -> crate::Result<Fetcher> {
        let client = reqwest::Client::builder()
            .user_agent(concat!(
                "newsdesk/",
                env!("CARGO_PKG_VERSION"),
                " (feed poller)"
            ))
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
            .build()
            .map_err(|e| crate::Error::Internal(format!("cannot build the HTTP client: {e}")))?;
        Ok(Fetcher {
            client,
            timeout,
            max_bytes,
        })
    }

    /// Fetches `url`, conditionally on `validators`.
    pub async fn fetch(&self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        let mut request = self.client.get(url);
        if let Some(etag) = &validators.etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(modified) = &validators.last_modified {
            request = request.header(IF_MODIFIED_SINCE, modified);
        }
        let mut response = request.send().await.map_err(|e| self.error(e))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                status: status.as_u16(),
                retry_after: retry_after(response.headers()),
            });
        }
        let declared = response
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        if declared.is_some_and(|n| n > self.max_bytes) {
            return Err(FetchError::TooLarge(self.max_bytes));
        }
        let validators = Validators {
            etag: header_text(response.headers(), ETAG),
            last_modified: header_text(response.headers(), LAST_MODIFIED),
        };
        // Read in chunks and stop at the cap: a server that lies about (or omits)
        // its length cannot make us buffer more than the limit.
        let mut bytes = Vec::with_capacity(declared.unwrap_or(0) as usize);
        while let Some(chunk) = response.chunk().await.map_err(|e| self.error(e))? {
            if (bytes.len() + chunk.len()) as u64 > self.max_bytes {
                return Err(FetchError::TooLarge(self.max_bytes));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Fetched::Document { bytes, validators })
    }

    fn error(&self, e: reqwest::Error) -> FetchError {
        if e.is_timeout() {
            FetchError::Timeout(self.timeout.as_secs().max(1))
        } else if e.is_redirect() {
            FetchError::Redirects
        } else {
            // reqwest's own message repeats the URL (the report has it) and its
            // causes are nested; the innermost one says what went wrong.
            let mut cause: &dyn std::error::Error = &e;
            while let Some(source) = cause.source() {
                cause = source;
            }
            let what = if e.is_connect() {
                "cannot connect"
            } else if e.is_body() || e.is_decode() {
                "reading the body failed"
            } else {
                "request failed"
            };
            FetchError::Transport(format!("{what}: {cause}"))
        }
    }
}

fn header_text(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// `Retry-After` in seconds: either form, seconds or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<u64> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(seconds);
    }
    let at = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    let wait = at.as_second() - jiff::Timestamp::now().as_second();
    Some(wait.max(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, value.parse().unwrap());
        h
    }

    #[test]
    fn retry_after_takes_seconds_or_an_http_date() {
        assert_eq!(retry_after(&headers("120")), Some(120));
        let in_an_hour = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1);
        let date =
            jiff::fmt::rfc2822::to_string(&in_an_hour.to_zoned(jiff::tz::TimeZone::UTC)).unwrap();
        let wait = retry_after(&headers(&date)).unwrap();
        assert!((3590..=3600).contains(&wait), "{wait}");
        assert_eq!(
            retry_after(&headers("Wed, 21 Oct 2015 07:28:00 GMT")),
            Some(0)
        );
        assert_eq!(retry_after(&headers("soon")), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }
}
