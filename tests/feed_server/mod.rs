//! A feed server on 127.0.0.1 for the feed tests: well-behaved RSS and Atom feeds
//! with conditional GET, a feed that bumps dates and re-posts, and every way a feed
//! can go wrong (malformed XML, 50 MB bodies, a server that hangs, a redirect loop,
//! an error with Retry-After).

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// Counters of what the server saw.
#[derive(Default)]
pub struct Seen {
    /// Requests per route, by path.
    requests: std::sync::Mutex<std::collections::HashMap<String, usize>>,
    /// `304`s sent.
    pub not_modified: AtomicUsize,
    /// Requests to `/bumped.xml` (each one sees new dates).
    bumps: AtomicUsize,
}

impl Seen {
    fn hit(&self, path: &str) -> usize {
        let mut map = self.requests.lock().unwrap();
        let n = map.entry(path.to_string()).or_default();
        *n += 1;
        *n
    }

    /// Requests seen for `path`.
    pub fn requests(&self, path: &str) -> usize {
        self.requests
            .lock()
            .unwrap()
            .get(path)
            .copied()
            .unwrap_or(0)
    }
}

/// The running server.
pub struct FeedServer {
    pub addr: SocketAddr,
    pub seen: Arc<Seen>,
}

impl FeedServer {
    pub async fn start() -> FeedServer {
        let seen = Arc::new(Seen::default());
        let app = Router::new()
            .route("/wire.xml", get(wire))
            .route("/atom.xml", get(atom))
            .route("/bumped.xml", get(bumped))
            .route("/malformed.xml", get(malformed))
            .route("/huge.xml", get(huge_streamed))
            .route("/huge-declared.xml", get(huge_declared))
            .route("/slow.xml", get(slow))
            .route("/dribble.xml", get(dribble))
            .route("/loop.xml", get(redirect_loop))
            .route("/busy.xml", get(busy))
            .with_state(seen.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FeedServer { addr, seen }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

pub const WIRE_ETAG: &str = "\"wire-v1\"";

pub const WIRE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbour Wire</title><link>http://wire.test/</link><description>News</description>
<item>
  <title>Council approves harbour dredging budget</title>
  <link>http://wire.test/news/dredging?utm_source=rss</link>
  <guid isPermaLink="false">wire-1001</guid>
  <pubDate>Fri, 20 Nov 2026 08:15:00 +0000</pubDate>
  <dc:creator>Ana Ruiz</dc:creator>
  <category>Local politics</category>
  <description>The council voted on the dredging plan.</description>
  <content:encoded><![CDATA[<p>The city council approved a budget of 4.2 million euros for dredging the inner harbour on Thursday.</p><p>"Ships have been running aground every spring," the harbour master said after the vote.</p>]]></content:encoded>
</item>
<item>
  <title>Ferry timetable changes for winter</title>
  <link>http://wire.test/news/ferry-winter</link>
  <guid isPermaLink="false">wire-1002</guid>
  <pubDate>Fri, 20 Nov 2026 10:00:00 +0000</pubDate>
  <description>&lt;p&gt;Ferries to the islands will run &lt;b&gt;every two hours&lt;/b&gt; from December, the operator said.&lt;/p&gt;</description>
</item>
</channel></rss>"#;

async fn wire(State(seen): State<Arc<Seen>>, headers: HeaderMap) -> Response {
    seen.hit("/wire.xml");
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(WIRE_ETAG)
    {
        seen.not_modified.fetch_add(1, Ordering::SeqCst);
        return StatusCode::NOT_MODIFIED.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "application/rss+xml"),
            (header::ETAG, WIRE_ETAG),
        ],
        WIRE,
    )
        .into_response()
}

pub const ATOM_MODIFIED: &str = "Fri, 20 Nov 2026 12:00:00 GMT";

async fn atom(State(seen): State<Arc<Seen>>, headers: HeaderMap) -> Response {
    seen.hit("/atom.xml");
    if headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        == Some(ATOM_MODIFIED)
    {
        seen.not_modified.fetch_add(1, Ordering::SeqCst);
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let body = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coast Radio</title><id>urn:coast</id>
<updated>2026-11-20T12:00:00Z</updated>
<entry><title>Lighthouse keeper retires after forty years</title><id>urn:coast:77</id>
<link rel="alternate" href="http://coast.test/stories/lighthouse"/>
<published>2026-11-19T18:00:00Z</published><updated>2026-11-20T07:00:00Z</updated>
<author><name>Sam Lee</name></author>
<content type="html">&lt;p&gt;The lighthouse keeper of Gull Point retired on Wednesday after forty years of service.&lt;/p&gt;</content>
</entry></feed>"#;
    (
        [
            (header::CONTENT_TYPE, "application/atom+xml"),
            (header::LAST_MODIFIED, ATOM_MODIFIED),
        ],
        body,
    )
        .into_response()
}

/// Every request shows new dates; from the second request on, the story is also
/// re-posted under another link, and the first link gains tracking parameters.
async fn bumped(State(seen): State<Arc<Seen>>) -> Response {
    seen.hit("/bumped.xml");
    let n = seen.bumps.fetch_add(1, Ordering::SeqCst);
    let story = "<description>Fishermen reported the largest herring catch in a decade at the northern banks this week.</description>";
    let mut items = format!(
        "<item><title>Record herring catch</title><link>http://bumped.test/herring{}</link><pubDate>Fri, {:02} Nov 2026 09:00:00 +0000</pubDate>{story}</item>",
        if n == 0 { "" } else { "?utm_campaign=bump" },
        10 + n
    );
    if n > 0 {
        items.push_str(&format!(
            "<item><title>Record herring catch</title><link>http://bumped.test/repost/herring-{n}</link><pubDate>Sat, 21 Nov 2026 09:00:00 +0000</pubDate>{story}</item>"
        ));
    }
    (
        [(header::CONTENT_TYPE, "application/rss+xml")],
        format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Bumped</title>{items}</channel></rss>"),
    )
        .into_response()
}

async fn malformed(State(seen): State<Arc<Seen>>) -> Response {
    seen.hit("/malformed.xml");
    (
        [(header::CONTENT_TYPE, "application/rss+xml")],
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>Cut off <b>mid</title></item>",
    )
        .into_response()
}

const FIFTY_MB: usize = 50 * 1024 * 1024;

/// 50 MB of a feed, streamed without a Content-Length.
async fn huge_streamed(State(seen): State<Arc<Seen>>) -> Response {
    seen.hit("/huge.xml");
    let chunk = axum::body::Bytes::from(vec![b' '; 64 * 1024]);
    let head = axum::body::Bytes::from_static(
        b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Huge</title><description>",
    );
    let chunks = std::iter::once(head)
        .chain(std::iter::repeat_n(chunk, FIFTY_MB / (64 * 1024)))
        .map(Ok::<_, std::io::Error>);
    let stream = futures_util::stream::iter(chunks);
    Response::builder()
        .header(header::CONTENT_TYPE, "application/rss+xml")
        .body(Body::from_stream(stream))
        .unwrap()
}

/// 50 MB with an honest Content-Length.
async fn huge_declared(State(seen): State<Arc<Seen>>) -> Response {
    seen.hit("/huge-declared.xml");
    (
        [(header::CONTENT_TYPE, "application/rss+xml")],
        vec![b' '; FIFTY_MB],
    )
        .into_response()
}

/// Answers after a minute: longer than any test's fetch timeout.
async fn slow(State(seen): State<Arc<Seen>>) -> Response {
    seen.hit("/slow.xml");
    tokio::time::sleep(Duration::from_secs(60)).await;
    ([(header::CONTENT_TYPE, "application/rss+xml")], WIRE).into_response()
}

/// Answers at once, then sends the body one byte every 100 ms, forever: every
/// read succeeds, only a limit on the whole fetch stops it.
async fn dribble(State(seen): State<Arc<Seen>>) -> Response {
    seen.hit("/dribble.xml");
    let bytes = futures_util::stream::unfold(0usize, |n| async move {
        if n > 0 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let byte = WIRE.as_bytes()[n % WIRE.len()];
        Some((
            Ok::<_, std::io::Error>(axum::body::Bytes::from(vec![byte])),
            n + 1,
        ))
    });
    Response::builder()
        .header(header::CONTENT_TYPE, "application/rss+xml")
        .body(Body::from_stream(bytes))
        .unwrap()
}

async fn redirect_loop(State(seen): State<Arc<Seen>>) -> Response {
    seen.hit("/loop.xml");
    (StatusCode::FOUND, [(header::LOCATION, "/loop.xml")]).into_response()
}

/// Overloaded: 503 with a Retry-After of two hours.
async fn busy(State(seen): State<Arc<Seen>>) -> Response {
    seen.hit("/busy.xml");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, "7200")],
    )
        .into_response()
}
