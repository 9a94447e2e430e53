//! A fake Discord on 127.0.0.1 for end-to-end tests of the real bot: the REST routes
//! the bot calls (recorded with their JSON bodies) and a websocket gateway (HELLO,
//! IDENTIFY → READY, heartbeats, RESUME, and dispatches the test sends).

#![allow(dead_code)]

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use serde_json::{Value, json};
use tokio::sync::{Notify, mpsc};

pub const APP_ID: &str = "900000000000000001";
pub const BOT_ID: &str = "900000000000000002";
pub const GUILD_ID: &str = "900000000000000003";
pub const CHANNEL_ID: &str = "900000000000000004";
pub const USER_ID: &str = "900000000000000005";
/// Permission bits of MANAGE_GUILD.
pub const MANAGE_GUILD: &str = "32";

/// A config for a bot that talks to the fake at `base_url`, with its corpus, index
/// and state under `dir`: the `[corpus]`, `[index]`, `[store]` sections and the
/// first lines of `[discord]`; `discord_extra` continues `[discord]` and may open
/// further sections.
pub fn bot_config(
    corpus: &std::path::Path,
    dir: &std::path::Path,
    base_url: &str,
    discord_extra: &str,
) -> newsdesk::Config {
    let text = format!(
        "[corpus]\npaths = [{:?}]\n[index]\npath = {:?}\n[store]\npath = {:?}\n[discord]\napi_base = {:?}\nguild_ids = [{GUILD_ID}]\n{discord_extra}\n",
        corpus.display().to_string(),
        dir.join("data/index").display().to_string(),
        dir.join("data/newsdesk.db").display().to_string(),
        base_url,
    );
    newsdesk::Config::parse(&text, std::path::Path::new("test.toml")).expect("test config")
}

/// Runs the real server with its Discord client (as "fake-token", shards as the
/// gateway recommends) until `stop` fires or is dropped; errors as text.
pub async fn run_bot(
    engine: newsdesk::Engine,
    store: newsdesk::store::Store,
    stop: tokio::sync::oneshot::Receiver<()>,
) -> Result<(), String> {
    let discord = newsdesk::server::Discord {
        token: "fake-token".into(),
        shards: newsdesk::discord::Shards::Auto,
    };
    newsdesk::server::run(engine, store, Some(discord), async {
        let _ = stop.await;
    })
    .await
    .map_err(|e| e.to_string())
}

/// One REST request the bot made.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub body: Value,
    pub authorization: Option<String>,
    /// When the fake received it.
    pub at: std::time::Instant,
}

#[derive(Default)]
struct Shared {
    requests: Mutex<Vec<Request>>,
    /// The same requests by "METHOD path", for O(1) waits under load.
    by_route: Mutex<std::collections::HashMap<String, Request>>,
    changed: Notify,
    gateway: Mutex<Option<mpsc::UnboundedSender<Value>>>,
    seq: AtomicU64,
    ids: AtomicU64,
    identifies: Mutex<Vec<Value>>,
    resumes: AtomicUsize,
    connections: AtomicUsize,
    heartbeats: AtomicUsize,
    ack_heartbeats: AtomicBool,
    heartbeat_ms: AtomicU64,
    threads: Mutex<HashSet<String>>,
    echo_authorization: AtomicBool,
    stall_gateway: AtomicBool,
    addr: Mutex<Option<SocketAddr>>,
}

/// The running fake.
pub struct FakeDiscord {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
}

fn timestamp() -> &'static str {
    "2026-11-21T09:00:00.000000+00:00"
}

pub fn user(id: &str, name: &str, bot: bool) -> Value {
    json!({"id": id, "username": name, "discriminator": "0000", "global_name": null, "avatar": null, "bot": bot})
}

impl FakeDiscord {
    /// Starts the fake on a free loopback port.
    pub async fn start(heartbeat_ms: u64) -> FakeDiscord {
        let shared = Arc::new(Shared::default());
        shared.ack_heartbeats.store(true, Ordering::SeqCst);
        shared.heartbeat_ms.store(heartbeat_ms, Ordering::SeqCst);
        shared.ids.store(910_000_000_000_000_000, Ordering::SeqCst);
        let app = Router::new()
            .route("/gateway-ws", any(gateway_upgrade))
            .fallback(rest)
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        *shared.addr.lock().unwrap() = Some(addr);
        // Without TCP_NODELAY, small responses meet delayed ACKs and every request
        // waits ~40 ms: the fake must not add latency the bot would be blamed for.
        use axum::serve::ListenerExt;
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeDiscord { addr, shared }
    }

    /// From now on every REST call fails with 401 and an error message that echoes
    /// the request's Authorization header, as a misconfigured proxy may.
    pub fn echo_authorization(&self) {
        self.shared.echo_authorization.store(true, Ordering::SeqCst);
    }

    /// From now on the gateway never completes a websocket handshake.
    pub fn stall_gateway(&self) {
        self.shared.stall_gateway.store(true, Ordering::SeqCst);
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn next_id(&self) -> String {
        self.shared.ids.fetch_add(1, Ordering::SeqCst).to_string()
    }

    /// A text channel object for `resolved.channels`.
    pub fn resolved_channel(&self, id: &str) -> Value {
        json!({"channels": {id: {"id": id, "name": "news", "type": 0, "permissions": "2248473465835073"}}})
    }

    /// Every REST request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.shared.requests.lock().unwrap().clone()
    }

    pub fn identifies(&self) -> Vec<Value> {
        self.shared.identifies.lock().unwrap().clone()
    }

    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    pub fn resumes(&self) -> usize {
        self.shared.resumes.load(Ordering::SeqCst)
    }

    pub fn heartbeats(&self) -> usize {
        self.shared.heartbeats.load(Ordering::SeqCst)
    }

    pub fn set_ack_heartbeats(&self, ack: bool) {
        self.shared.ack_heartbeats.store(ack, Ordering::SeqCst);
    }

    /// Waits until `check` holds, re-checking on every request and gateway event.
    pub async fn wait_until<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut check: impl FnMut(&FakeDiscord) -> Option<T>,
    ) -> T {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.shared.changed.notified();
            if let Some(v) = check(self) {
                return v;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                if let Some(v) = check(self) {
                    return v;
                }
                panic!(
                    "timed out waiting for {what}; requests so far: {:#?}",
                    self.requests()
                        .iter()
                        .map(|r| format!("{} {}", r.method, r.path))
                        .collect::<Vec<_>>()
                );
            }
        }
    }

    /// Waits for the first request after index `from` matching `method` and a path
    /// that contains `path_part`.
    pub async fn wait_request(&self, from: usize, method: &str, path_part: &str) -> Request {
        self.wait_until(
            &format!("{method} …{path_part}…"),
            Duration::from_secs(15),
            |f| {
                f.requests()
                    .into_iter()
                    .skip(from)
                    .find(|r| r.method == method && r.path.contains(path_part))
            },
        )
        .await
    }

    /// Waits for the first request with exactly this method and path.
    pub async fn wait_exact(&self, method: &str, path: &str) -> Request {
        let key = format!("{method} {path}");
        self.wait_until(&key.clone(), Duration::from_secs(15), |f| {
            f.shared.by_route.lock().unwrap().get(&key).cloned()
        })
        .await
    }

    /// The callback of an interaction.
    pub async fn wait_callback(&self, interaction_id: &str) -> Request {
        self.wait_exact(
            "POST",
            &format!("/api/v10/interactions/{interaction_id}/token-{interaction_id}/callback"),
        )
        .await
    }

    /// The edit of an interaction's original response.
    pub async fn wait_original(&self, interaction_id: &str) -> Request {
        self.wait_exact(
            "PATCH",
            &format!("/api/v10/webhooks/{APP_ID}/token-{interaction_id}/messages/@original"),
        )
        .await
    }

    /// Sends a dispatch (op 0) on the current gateway connection.
    pub fn dispatch(&self, event: &str, data: Value) {
        let s = self.shared.seq.fetch_add(1, Ordering::SeqCst) + 1;
        let tx = self
            .shared
            .gateway
            .lock()
            .unwrap()
            .clone()
            .expect("no gateway connection");
        tx.send(json!({"op": 0, "t": event, "s": s, "d": data}))
            .expect("gateway connection closed");
    }

    /// A guild member with the given permission bits.
    pub fn member(&self, permissions: &str) -> Value {
        json!({
            "user": user(USER_ID, "reporter", false),
            "roles": [], "joined_at": timestamp(), "deaf": false, "mute": false, "flags": 0,
            "permissions": permissions, "nick": null, "avatar": null, "premium_since": null, "pending": false
        })
    }

    /// Sends a slash command (or autocomplete, `kind` 4) interaction; returns its id.
    pub fn interaction(&self, kind: u8, name: &str, options: Value, permissions: &str) -> String {
        self.interaction_resolved(kind, name, options, json!({}), permissions)
    }

    /// Like [`FakeDiscord::interaction`], with `resolved` data (for channel options).
    pub fn interaction_resolved(
        &self,
        kind: u8,
        name: &str,
        options: Value,
        resolved: Value,
        permissions: &str,
    ) -> String {
        let id = self.next_id();
        self.dispatch(
            "INTERACTION_CREATE",
            json!({
                "id": id, "application_id": APP_ID, "type": kind,
                "data": {"id": "920000000000000001", "name": name, "type": 1, "options": options, "guild_id": GUILD_ID, "resolved": resolved},
                "guild_id": GUILD_ID, "channel_id": CHANNEL_ID,
                "member": self.member(permissions),
                "token": format!("token-{id}"), "version": 1, "locale": "en-US", "guild_locale": "en-US",
                "entitlements": [], "authorizing_integration_owners": {"0": GUILD_ID}, "context": 0,
                "attachment_size_limit": 8388608, "app_permissions": "2248473465835073"
            }),
        );
        id
    }

    /// Sends a component click on `message` (a message object the fake returned).
    pub fn click(&self, custom_id: &str, values: Option<Vec<&str>>, message: &Value) -> String {
        let id = self.next_id();
        let data = match values {
            None => json!({"custom_id": custom_id, "component_type": 2}),
            Some(v) => json!({"custom_id": custom_id, "component_type": 3, "values": v}),
        };
        self.dispatch(
            "INTERACTION_CREATE",
            json!({
                "id": id, "application_id": APP_ID, "type": 3, "data": data,
                "guild_id": GUILD_ID, "channel_id": CHANNEL_ID, "member": self.member("0"),
                "message": message,
                "token": format!("token-{id}"), "version": 1, "locale": "en-US", "guild_locale": "en-US",
                "entitlements": [], "authorizing_integration_owners": {"0": GUILD_ID}, "context": 0,
                "attachment_size_limit": 8388608, "app_permissions": "2248473465835073"
            }),
        );
        id
    }

    /// Sends a MESSAGE_CREATE from the test user; returns the message id.
    pub fn message(&self, channel: &str, content: &str, mentions_bot: bool) -> String {
        let id = self.next_id();
        let mentions = if mentions_bot {
            json!([user(BOT_ID, "newsdesk", true)])
        } else {
            json!([])
        };
        self.dispatch(
            "MESSAGE_CREATE",
            json!({
                "id": id, "channel_id": channel, "guild_id": GUILD_ID,
                "author": user(USER_ID, "reporter", false), "member": {"roles": [], "joined_at": timestamp(), "deaf": false, "mute": false, "flags": 0},
                "content": content, "timestamp": timestamp(), "edited_timestamp": null, "tts": false,
                "mention_everyone": false, "mentions": mentions, "mention_roles": [], "attachments": [],
                "embeds": [], "pinned": false, "type": 0, "flags": 0
            }),
        );
        id
    }

    /// The message object the fake would return for a message with `body`.
    pub fn message_object(&self, channel: &str, body: &Value) -> Value {
        json!({
            "id": self.next_id(), "channel_id": channel, "author": user(BOT_ID, "newsdesk", true),
            "content": body.get("content").cloned().unwrap_or(json!("")),
            "timestamp": timestamp(), "edited_timestamp": null, "tts": false, "mention_everyone": false,
            "mentions": [], "mention_roles": [], "attachments": [],
            "embeds": body.get("embeds").cloned().unwrap_or(json!([])),
            "components": [], "pinned": false, "type": 0, "flags": 0
        })
    }
}

fn channel_object(id: &str, kind: u8, name: &str, parent: Option<&str>) -> Value {
    json!({
        "id": id, "type": kind, "guild_id": GUILD_ID, "name": name, "parent_id": parent,
        "position": 0, "permission_overwrites": [], "nsfw": false, "rate_limit_per_user": 0,
        "last_message_id": null, "owner_id": BOT_ID, "flags": 0, "message_count": 0, "member_count": 1,
        "total_message_sent": 0,
        "thread_metadata": if kind == 11 { json!({"archived": false, "auto_archive_duration": 1440, "archive_timestamp": timestamp(), "locked": false}) } else { Value::Null }
    })
}

async fn rest(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let request = Request {
        method: method.to_string(),
        path: path.clone(),
        body: body.clone(),
        authorization: headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        at: std::time::Instant::now(),
    };
    let fake = FakeDiscord {
        addr: shared.addr.lock().unwrap().expect("addr"),
        shared: shared.clone(),
    };
    let parts: Vec<&str> = path.trim_start_matches("/api/v10/").split('/').collect();
    let ws_url = format!("ws://{}/gateway-ws", fake.addr);
    let response = match (method.as_str(), parts.as_slice()) {
        _ if shared.echo_authorization.load(Ordering::SeqCst) => (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!({"message": format!("401: Unauthorized ({})", request.authorization.as_deref().unwrap_or("")), "code": 0})),
        )
            .into_response(),
        ("GET", ["gateway"]) => (StatusCode::OK, axum::Json(json!({"url": ws_url}))).into_response(),
        ("GET", ["gateway", "bot"]) => (
            StatusCode::OK,
            axum::Json(json!({"url": ws_url, "shards": 1, "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}})),
        )
            .into_response(),
        ("GET", ["users", "@me"]) => axum::Json(user(BOT_ID, "newsdesk", true)).into_response(),
        ("PUT", ["applications", _, "commands"]) | ("PUT", ["applications", _, "guilds", _, "commands"]) => {
            let commands: Vec<Value> = body
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|mut c| {
                    c["id"] = json!(fake.next_id());
                    c["application_id"] = json!(APP_ID);
                    c["version"] = json!(fake.next_id());
                    c["default_member_permissions"] = c.get("default_member_permissions").cloned().unwrap_or(Value::Null);
                    c["type"] = c.get("type").cloned().unwrap_or(json!(1));
                    c
                })
                .collect();
            axum::Json(Value::Array(commands)).into_response()
        }
        ("POST", ["interactions", _, _, "callback"]) => StatusCode::NO_CONTENT.into_response(),
        ("PATCH", ["webhooks", _, _, "messages", "@original"]) => axum::Json(fake.message_object(CHANNEL_ID, &body)).into_response(),
        ("DELETE", ["webhooks", _, _, "messages", "@original"]) => StatusCode::NO_CONTENT.into_response(),
        ("POST", ["webhooks", _, _]) => axum::Json(fake.message_object(CHANNEL_ID, &body)).into_response(),
        ("POST", ["channels", channel, "messages"]) => axum::Json(fake.message_object(channel, &body)).into_response(),
        ("POST", ["channels", channel, "messages", _, "threads"]) => {
            let id = fake.next_id();
            shared.threads.lock().unwrap().insert(id.clone());
            let name = body.get("name").and_then(Value::as_str).unwrap_or("thread").to_string();
            axum::Json(channel_object(&id, 11, &name, Some(channel))).into_response()
        }
        ("GET", ["channels", channel]) => {
            let kind = if shared.threads.lock().unwrap().contains(*channel) { 11 } else { 0 };
            axum::Json(channel_object(channel, kind, "general", None)).into_response()
        }
        _ => (StatusCode::NOT_FOUND, axum::Json(json!({"message": "Unknown route", "code": 0}))).into_response(),
    };
    shared
        .by_route
        .lock()
        .unwrap()
        .entry(format!("{} {}", request.method, request.path))
        .or_insert_with(|| request.clone());
    shared.requests.lock().unwrap().push(request);
    shared.changed.notify_waiters();
    response
}

async fn gateway_upgrade(State(shared): State<Arc<Shared>>, ws: WebSocketUpgrade) -> Response {
    if shared.stall_gateway.load(Ordering::SeqCst) {
        // Never answer the handshake: the bot's shard stays "connecting".
        std::future::pending::<()>().await;
    }
    ws.on_upgrade(move |socket| gateway(socket, shared))
}

async fn send(socket: &mut WebSocket, value: Value) -> bool {
    socket
        .send(WsMessage::Text(value.to_string().into()))
        .await
        .is_ok()
}

async fn gateway(mut socket: WebSocket, shared: Arc<Shared>) {
    shared.connections.fetch_add(1, Ordering::SeqCst);
    let (tx, mut rx) = mpsc::unbounded_channel::<Value>();
    *shared.gateway.lock().unwrap() = Some(tx);
    shared.changed.notify_waiters();
    let interval = shared.heartbeat_ms.load(Ordering::SeqCst);
    if !send(
        &mut socket,
        json!({"op": 10, "d": {"heartbeat_interval": interval}}),
    )
    .await
    {
        return;
    }
    let addr = shared.addr.lock().unwrap().expect("addr");
    loop {
        tokio::select! {
            incoming = socket.recv() => {
                let text = match incoming {
                    Some(Ok(WsMessage::Text(t))) => t.to_string(),
                    Some(Ok(WsMessage::Binary(b))) => String::from_utf8_lossy(&b).into_owned(),
                    Some(Ok(WsMessage::Close(_))) | None | Some(Err(_)) => break,
                    Some(Ok(_)) => continue,
                };
                let Ok(payload) = serde_json::from_str::<Value>(&text) else { continue };
                match payload["op"].as_u64() {
                    Some(1) => {
                        shared.heartbeats.fetch_add(1, Ordering::SeqCst);
                        if shared.ack_heartbeats.load(Ordering::SeqCst) && !send(&mut socket, json!({"op": 11})).await {
                            break;
                        }
                    }
                    Some(2) => {
                        shared.identifies.lock().unwrap().push(payload["d"].clone());
                        let s = shared.seq.fetch_add(1, Ordering::SeqCst) + 1;
                        let ready = json!({"op": 0, "t": "READY", "s": s, "d": {
                            "v": 10, "user": user(BOT_ID, "newsdesk", true), "guilds": [],
                            "session_id": format!("session-{s}"),
                            "resume_gateway_url": format!("ws://{addr}/gateway-ws"),
                            "application": {"id": APP_ID, "flags": 0}, "shard": [0, 1]
                        }});
                        if !send(&mut socket, ready).await {
                            break;
                        }
                    }
                    Some(6) => {
                        shared.resumes.fetch_add(1, Ordering::SeqCst);
                        let s = shared.seq.fetch_add(1, Ordering::SeqCst) + 1;
                        if !send(&mut socket, json!({"op": 0, "t": "RESUMED", "s": s, "d": {}})).await {
                            break;
                        }
                    }
                    _ => {}
                }
                shared.changed.notify_waiters();
            }
            Some(out) = rx.recv() => {
                if !send(&mut socket, out).await {
                    break;
                }
            }
        }
    }
    shared.changed.notify_waiters();
}
