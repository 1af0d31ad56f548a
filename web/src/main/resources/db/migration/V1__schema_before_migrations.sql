-- Knobs' schema as the last release before migrations (a5c37e4) made it with Hibernate's 'update'.
-- A database that release made is baselined at this version instead (docs/adr/0018); from here on
-- every change to the schema is a new migration, never an edit of this one.

CREATE TABLE api_tokens (
    id character varying(16) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    expires_at timestamp(6) with time zone,
    hash character varying(64) NOT NULL,
    last_used_at timestamp(6) with time zone,
    name character varying(100) NOT NULL,
    username character varying(64) NOT NULL
);

CREATE TABLE datasets (
    id character varying(64) NOT NULL,
    name character varying(255) NOT NULL,
    owner character varying(128) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    profile text NOT NULL,
    rows integer NOT NULL,
    size_bytes bigint
);

CREATE TABLE dead_letters (
    key character varying(1200) NOT NULL,
    destination character varying(1024),
    event text NOT NULL,
    event_id character varying(600) NOT NULL,
    reason text,
    received_at timestamp(6) with time zone NOT NULL,
    replayed_at timestamp(6) with time zone,
    event_type character varying(255) NOT NULL
);

CREATE TABLE experiments (
    id character varying(64) NOT NULL,
    name character varying(255) NOT NULL,
    owner character varying(128) NOT NULL,
    best_trial_id character varying(80),
    best_value double precision,
    created_at timestamp(6) with time zone NOT NULL,
    deadline timestamp(6) with time zone,
    finished_at timestamp(6) with time zone,
    max_trials integer,
    maximize boolean NOT NULL,
    model_name character varying(63),
    model_url character varying(1024),
    objective_metric character varying(255) NOT NULL,
    publish_attempts integer DEFAULT 0 NOT NULL,
    spec text NOT NULL,
    status character varying(16) NOT NULL,
    stop_cause character varying(32),
    stop_reason character varying(255),
    trials_failed integer,
    trials_finished integer,
    trials_pruned integer DEFAULT 0 NOT NULL,
    trials_requested integer,
    trials_stopped integer DEFAULT 0 NOT NULL,
    CONSTRAINT experiments_status_check CHECK (((status)::text = ANY ((ARRAY['RUNNING'::character varying, 'PUBLISHING'::character varying, 'SUCCEEDED'::character varying, 'FAILED'::character varying, 'CANCELLED'::character varying])::text[])))
);

CREATE TABLE intermediate_results (
    id character varying(120) NOT NULL,
    experiment_id character varying(64) NOT NULL,
    rung integer,
    step bigint NOT NULL,
    trial_id character varying(80) NOT NULL,
    value double precision NOT NULL
);

CREATE TABLE login_sessions (
    id character varying(64) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    csrf_token character varying(64) NOT NULL,
    last_seen_at timestamp(6) with time zone NOT NULL,
    username character varying(64) NOT NULL
);

CREATE TABLE model_revisions (
    id character varying(80) NOT NULL,
    artifact_url character varying(1024) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    experiment_id character varying(64),
    format character varying(32) NOT NULL,
    name character varying(63) NOT NULL,
    owner character varying(128) NOT NULL,
    reason text,
    revision integer NOT NULL,
    served_at timestamp(6) with time zone,
    source character varying(120) NOT NULL,
    state character varying(16) NOT NULL,
    url character varying(1024),
    CONSTRAINT model_revisions_state_check CHECK (((state)::text = ANY ((ARRAY['DEPLOYING'::character varying, 'SERVED'::character varying, 'FAILED'::character varying, 'RETIRED'::character varying])::text[])))
);

CREATE TABLE model_uploads (
    id character varying(64) NOT NULL,
    artifact_url character varying(1024) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    format character varying(32) NOT NULL,
    name character varying(63) NOT NULL,
    owner character varying(128) NOT NULL
);

CREATE TABLE models (
    name character varying(63) NOT NULL,
    access_applied bigint DEFAULT 0 NOT NULL,
    access_change bigint NOT NULL,
    artifact_url character varying(1024) NOT NULL,
    canary_percent integer DEFAULT 0 NOT NULL,
    canary_revision integer,
    experiment_id character varying(64),
    format character varying(32) NOT NULL,
    internal_url character varying(1024),
    max_scale integer DEFAULT 3 NOT NULL,
    min_scale integer DEFAULT 0 NOT NULL,
    owner character varying(128) NOT NULL,
    published_at timestamp(6) with time zone NOT NULL,
    removing boolean DEFAULT false NOT NULL,
    revision integer NOT NULL,
    scale_down_delay_seconds integer DEFAULT 0 NOT NULL,
    target_concurrency integer DEFAULT 10 NOT NULL,
    token_sha256 character varying(64),
    url character varying(1024) NOT NULL
);

CREATE TABLE outbox (
    key character varying(600) NOT NULL,
    attempts integer NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    event text NOT NULL,
    refusal text,
    set_aside_at timestamp(6) with time zone
);

CREATE TABLE processed_events (
    key character varying(600) NOT NULL,
    processed_at timestamp(6) with time zone NOT NULL,
    type character varying(255) NOT NULL
);

CREATE TABLE submissions (
    id character varying(64) NOT NULL,
    name character varying(255) NOT NULL,
    owner character varying(128) NOT NULL,
    cancel_requested_at timestamp(6) with time zone,
    created_at timestamp(6) with time zone NOT NULL,
    payload text NOT NULL
);

CREATE TABLE subscription_deliveries (
    id bigint NOT NULL,
    attempts integer NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    delivered_at timestamp(6) with time zone,
    event text NOT NULL,
    event_key character varying(600) NOT NULL,
    event_type character varying(64) NOT NULL,
    lease_until timestamp(6) with time zone,
    message_id character varying(80) NOT NULL,
    next_attempt_at timestamp(6) with time zone NOT NULL,
    order_key character varying(200) NOT NULL,
    owner character varying(128) NOT NULL,
    state character varying(16) NOT NULL,
    subscription_id character varying(40) NOT NULL,
    CONSTRAINT subscription_deliveries_state_check CHECK (((state)::text = ANY ((ARRAY['PENDING'::character varying, 'DELIVERED'::character varying, 'FAILED'::character varying, 'CANCELLED'::character varying])::text[])))
);

CREATE TABLE subscription_delivery_attempts (
    id character varying(40) NOT NULL,
    at timestamp(6) with time zone NOT NULL,
    delivered boolean NOT NULL,
    delivery_id bigint NOT NULL,
    excerpt text,
    latency_ms bigint NOT NULL,
    number integer NOT NULL,
    status integer
);

CREATE SEQUENCE subscription_delivery_ids
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

CREATE TABLE subscriptions (
    id character varying(40) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    disabled_reason text,
    filters text NOT NULL,
    owner character varying(128) NOT NULL,
    previous_secret text,
    previous_secret_until timestamp(6) with time zone,
    protocol character varying(8) NOT NULL,
    protocol_settings text NOT NULL,
    secret text NOT NULL,
    sink character varying(2048) NOT NULL,
    state character varying(16) NOT NULL,
    types text NOT NULL,
    CONSTRAINT subscriptions_protocol_check CHECK (((protocol)::text = ANY ((ARRAY['HTTP'::character varying, 'KAFKA'::character varying])::text[]))),
    CONSTRAINT subscriptions_state_check CHECK (((state)::text = ANY ((ARRAY['ACTIVE'::character varying, 'DISABLED'::character varying])::text[])))
);

CREATE TABLE trials (
    id character varying(80) NOT NULL,
    attempt integer DEFAULT 1 NOT NULL,
    exit_code integer,
    experiment_id character varying(64) NOT NULL,
    finished_at timestamp(6) with time zone,
    history text,
    last_step bigint,
    log_tail text,
    metrics text,
    model_format character varying(32),
    model_url character varying(1024),
    number integer NOT NULL,
    objective_value double precision,
    parameters text NOT NULL,
    reason text,
    requested_at timestamp(6) with time zone NOT NULL,
    started_at timestamp(6) with time zone,
    state character varying(16) NOT NULL,
    CONSTRAINT trials_state_check CHECK (((state)::text = ANY ((ARRAY['REQUESTED'::character varying, 'RUNNING'::character varying, 'SUCCEEDED'::character varying, 'FAILED'::character varying, 'PRUNED'::character varying, 'STOPPED'::character varying])::text[])))
);

CREATE TABLE user_notifications (
    id character varying(40) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    event_key character varying(600) NOT NULL,
    experiment_id character varying(80),
    message text NOT NULL,
    owner character varying(128) NOT NULL,
    read_at timestamp(6) with time zone,
    type character varying(64) NOT NULL,
    url character varying(1024)
);

CREATE TABLE users (
    username character varying(64) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    deleted_at timestamp(6) with time zone,
    password_hash character varying(255) NOT NULL,
    role character varying(16) NOT NULL
);

ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_pkey PRIMARY KEY (id);

ALTER TABLE datasets ADD CONSTRAINT datasets_pkey PRIMARY KEY (id);

ALTER TABLE dead_letters ADD CONSTRAINT dead_letters_pkey PRIMARY KEY (key);

ALTER TABLE experiments ADD CONSTRAINT experiments_pkey PRIMARY KEY (id);

ALTER TABLE intermediate_results ADD CONSTRAINT intermediate_results_pkey PRIMARY KEY (id);

ALTER TABLE login_sessions ADD CONSTRAINT login_sessions_pkey PRIMARY KEY (id);

ALTER TABLE model_revisions ADD CONSTRAINT model_revisions_by_name UNIQUE (name, revision);

ALTER TABLE model_revisions ADD CONSTRAINT model_revisions_by_source UNIQUE (source);

ALTER TABLE model_revisions ADD CONSTRAINT model_revisions_pkey PRIMARY KEY (id);

ALTER TABLE model_uploads ADD CONSTRAINT model_uploads_pkey PRIMARY KEY (id);

ALTER TABLE models ADD CONSTRAINT models_pkey PRIMARY KEY (name);

ALTER TABLE outbox ADD CONSTRAINT outbox_pkey PRIMARY KEY (key);

ALTER TABLE processed_events ADD CONSTRAINT processed_events_pkey PRIMARY KEY (key);

ALTER TABLE submissions ADD CONSTRAINT submissions_pkey PRIMARY KEY (id);

ALTER TABLE subscription_deliveries ADD CONSTRAINT subscription_deliveries_pkey PRIMARY KEY (id);

ALTER TABLE subscription_delivery_attempts ADD CONSTRAINT subscription_delivery_attempts_pkey PRIMARY KEY (id);

ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_pkey PRIMARY KEY (id);

ALTER TABLE trials ADD CONSTRAINT trials_pkey PRIMARY KEY (id);

ALTER TABLE subscription_deliveries ADD CONSTRAINT uk9mcmgc20unpik8scac1exkprd UNIQUE (subscription_id, event_key);

ALTER TABLE user_notifications ADD CONSTRAINT ukhcs1x93jwl0bcnquyni4mwjav UNIQUE (event_key);

ALTER TABLE user_notifications ADD CONSTRAINT user_notifications_pkey PRIMARY KEY (id);

ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY (username);

CREATE INDEX idx7i4ktwwncbha3mbupv5y40qew ON login_sessions (username);

CREATE INDEX idxr6q8awebvnvai32nsbf6wo0jf ON api_tokens (username);

CREATE INDEX intermediate_by_rung ON intermediate_results (experiment_id, rung);

CREATE INDEX intermediate_by_step ON intermediate_results (experiment_id, step);

CREATE INDEX subscription_deliveries_due ON subscription_deliveries (state, next_attempt_at);

CREATE INDEX subscription_deliveries_log ON subscription_deliveries (subscription_id, id);

CREATE INDEX subscription_delivery_attempts_of ON subscription_delivery_attempts (delivery_id);

CREATE INDEX trials_by_experiment ON trials (experiment_id, number);

CREATE INDEX user_notifications_owner ON user_notifications (owner, created_at);
