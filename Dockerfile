# newsdesk: the bot and CLI in a small runtime image.
#   docker build -t newsdesk .
#   docker run --rm -e DISCORD_TOKEN -v newsdesk-data:/data newsdesk
# The corpus and config baked in are defaults; mount your own over /app/corpus and
# /app/config. The index, the SQLite state and the sentence-vector cache live in the
# /data volume.

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
# Dependencies first, in a layer of their own: it is rebuilt only when the manifest
# or the lock file changes, not on every source change.
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src benches \
    && echo 'fn main() {}' > src/main.rs \
    && touch src/lib.rs \
    && echo 'fn main() {}' > benches/discord_latency.rs \
    && echo 'fn main() {}' > benches/eval.rs \
    && cargo build --release --locked --bin newsdesk \
    && rm -rf src benches
COPY src ./src
COPY benches ./benches
RUN touch src/main.rs src/lib.rs \
    && cargo build --release --locked --bin newsdesk \
    && strip target/release/newsdesk

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --create-home --home-dir /app newsdesk \
    && mkdir -p /data \
    && chown newsdesk /data
WORKDIR /app
COPY --from=build /src/target/release/newsdesk /usr/local/bin/newsdesk
COPY corpus ./corpus
COPY config ./config
# The sentence encoder (all-MiniLM-L6-v2, Apache-2.0; see models/…/README.md).
COPY models ./models
# The config's relative "data/…" paths land in the volume.
RUN ln -s /data /app/data
VOLUME ["/data"]
USER 10001
ENV NEWSDESK_CONFIG=/app/config/newsdesk.toml
# Healthy when the index opens and answers a query.
HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 \
    CMD ["newsdesk", "--no-sync", "search", "--json", "--limit", "1", "news"]
ENTRYPOINT ["newsdesk"]
CMD ["serve"]
