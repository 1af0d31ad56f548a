-- A database made by Knobs at a5c37e4 (the last release before Flyway; schema by Hibernate's
-- 'update'): one finished experiment of 4 trials, a published ONNX model, users admin and dana,
-- two API tokens, notifications. pg_dump --no-owner --no-privileges --inserts --column-inserts.
--
-- PostgreSQL database dump
--


-- Dumped from database version 14.22
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: public; Type: SCHEMA; Schema: -; Owner: -
--

-- *not* creating schema, since initdb creates it


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: api_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_tokens (
    id character varying(16) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    expires_at timestamp(6) with time zone,
    hash character varying(64) NOT NULL,
    last_used_at timestamp(6) with time zone,
    name character varying(100) NOT NULL,
    username character varying(64) NOT NULL
);


--
-- Name: datasets; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.datasets (
    id character varying(64) NOT NULL,
    name character varying(255) NOT NULL,
    owner character varying(128) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    profile text NOT NULL,
    rows integer NOT NULL,
    size_bytes bigint
);


--
-- Name: dead_letters; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.dead_letters (
    key character varying(1200) NOT NULL,
    destination character varying(1024),
    event text NOT NULL,
    event_id character varying(600) NOT NULL,
    reason text,
    received_at timestamp(6) with time zone NOT NULL,
    replayed_at timestamp(6) with time zone,
    event_type character varying(255) NOT NULL
);


--
-- Name: experiments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.experiments (
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


--
-- Name: intermediate_results; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.intermediate_results (
    id character varying(120) NOT NULL,
    experiment_id character varying(64) NOT NULL,
    rung integer,
    step bigint NOT NULL,
    trial_id character varying(80) NOT NULL,
    value double precision NOT NULL
);


--
-- Name: login_sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.login_sessions (
    id character varying(64) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    csrf_token character varying(64) NOT NULL,
    last_seen_at timestamp(6) with time zone NOT NULL,
    username character varying(64) NOT NULL
);


--
-- Name: model_revisions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.model_revisions (
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


--
-- Name: model_uploads; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.model_uploads (
    id character varying(64) NOT NULL,
    artifact_url character varying(1024) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    format character varying(32) NOT NULL,
    name character varying(63) NOT NULL,
    owner character varying(128) NOT NULL
);


--
-- Name: models; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.models (
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


--
-- Name: outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.outbox (
    key character varying(600) NOT NULL,
    attempts integer NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    event text NOT NULL,
    refusal text,
    set_aside_at timestamp(6) with time zone
);


--
-- Name: processed_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.processed_events (
    key character varying(600) NOT NULL,
    processed_at timestamp(6) with time zone NOT NULL,
    type character varying(255) NOT NULL
);


--
-- Name: submissions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.submissions (
    id character varying(64) NOT NULL,
    name character varying(255) NOT NULL,
    owner character varying(128) NOT NULL,
    cancel_requested_at timestamp(6) with time zone,
    created_at timestamp(6) with time zone NOT NULL,
    payload text NOT NULL
);


--
-- Name: subscription_deliveries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.subscription_deliveries (
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


--
-- Name: subscription_delivery_attempts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.subscription_delivery_attempts (
    id character varying(40) NOT NULL,
    at timestamp(6) with time zone NOT NULL,
    delivered boolean NOT NULL,
    delivery_id bigint NOT NULL,
    excerpt text,
    latency_ms bigint NOT NULL,
    number integer NOT NULL,
    status integer
);


--
-- Name: subscription_delivery_ids; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.subscription_delivery_ids
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: subscriptions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.subscriptions (
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


--
-- Name: trials; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.trials (
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


--
-- Name: user_notifications; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_notifications (
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


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    username character varying(64) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    deleted_at timestamp(6) with time zone,
    password_hash character varying(255) NOT NULL,
    role character varying(16) NOT NULL
);


--
-- Data for Name: api_tokens; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.api_tokens (id, created_at, expires_at, hash, last_used_at, name, username) VALUES ('249c8429c2d0', '2026-11-30 12:55:21.72887+00', NULL, '64126152f8433522e2cd89f09aaffebb8ab3de9322678bf9f21e3e8f73b19e27', '2026-11-30 12:55:44.949861+00', 'KNOBS_ADMIN_TOKEN', 'admin');
INSERT INTO public.api_tokens (id, created_at, expires_at, hash, last_used_at, name, username) VALUES ('b7e719a1db19', '2026-11-30 12:55:49.008109+00', NULL, '65df830b0208f615ff93d1b6565c6060e1236a2fc4c0cdab2f52f32ca0fe17a3', NULL, 'ci', 'admin');


--
-- Data for Name: datasets; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.datasets (id, name, owner, created_at, profile, rows, size_bytes) VALUES ('churn-f9b44c', 'churn', 'admin', '2026-11-30 12:55:45.060288+00', '{"rows":1200,"columns":[{"name":"age","type":"numeric","distinct":58,"missing":0},{"name":"income","type":"numeric","distinct":1000,"missing":0},{"name":"plan","type":"categorical","distinct":3,"missing":0},{"name":"visits","type":"numeric","distinct":36,"missing":0},{"name":"tenure","type":"numeric","distinct":1000,"missing":0},{"name":"churn","type":"categorical","distinct":2,"missing":0}],"preview":[["66","22049.76","basic","11","4.817","no"],["58","35691.78","gold","12","6.13","no"],["72","44515.23","basic","18","4.389","no"],["19","15578.71","basic","19","1.089","yes"],["40","36432.52","gold","15","5.467","no"]]}', 1200, 35148);


--
-- Data for Name: dead_letters; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: experiments; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.experiments (id, name, owner, best_trial_id, best_value, created_at, deadline, finished_at, max_trials, maximize, model_name, model_url, objective_metric, publish_attempts, spec, status, stop_cause, stop_reason, trials_failed, trials_finished, trials_pruned, trials_requested, trials_stopped) VALUES ('churn-8f8e56', 'churn', 'admin', 'churn-8f8e56-t2', 0.8291666666666667, '2026-11-30 12:55:45.679477+00', NULL, '2026-11-30 12:55:51.547856+00', 4, true, 'churn-8f8e56', 'http://localhost:18092/models/churn-8f8e56', 'accuracy', 0, '{"experimentId":"churn-8f8e56","owner":"admin","name":"churn","dataset":{"id":"churn-f9b44c","url":"http://localhost:18080/api/artifacts/datasets/churn-f9b44c","labelColumn":"churn"},"algorithm":"xgboost","searchSpace":{"parameters":[{"type":"float","name":"learning_rate","low":0.03,"high":0.3,"log":true},{"type":"int","name":"max_depth","low":2,"high":6,"log":false,"step":1}]},"searchAlgorithm":"random","seed":42,"objective":{"metric":"accuracy","goal":"MAXIMIZE"},"budget":{"maxTrials":4,"parallelTrials":2,"maxFailedTrials":3},"resources":{"cpu":1.0,"memoryMb":1024,"deadlineSeconds":600},"earlyStopping":{"rule":"MEDIAN"}}', 'SUCCEEDED', NULL, 'all 4 trials finished', 0, 4, 0, 4, 0);


--
-- Data for Name: intermediate_results; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/1', 'churn-8f8e56', NULL, 1, 'churn-8f8e56-t1', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/1', 'churn-8f8e56', NULL, 1, 'churn-8f8e56-t2', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/2', 'churn-8f8e56', NULL, 2, 'churn-8f8e56-t2', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/2', 'churn-8f8e56', NULL, 2, 'churn-8f8e56-t1', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/3', 'churn-8f8e56', NULL, 3, 'churn-8f8e56-t2', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/3', 'churn-8f8e56', NULL, 3, 'churn-8f8e56-t1', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/4', 'churn-8f8e56', NULL, 4, 'churn-8f8e56-t2', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/4', 'churn-8f8e56', NULL, 4, 'churn-8f8e56-t1', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/5', 'churn-8f8e56', NULL, 5, 'churn-8f8e56-t2', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/5', 'churn-8f8e56', NULL, 5, 'churn-8f8e56-t1', 0.8041666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/6', 'churn-8f8e56', NULL, 6, 'churn-8f8e56-t2', 0.775);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/6', 'churn-8f8e56', NULL, 6, 'churn-8f8e56-t1', 0.8041666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/7', 'churn-8f8e56', NULL, 7, 'churn-8f8e56-t2', 0.7916666666666666);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/8', 'churn-8f8e56', NULL, 8, 'churn-8f8e56-t2', 0.8);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/7', 'churn-8f8e56', NULL, 7, 'churn-8f8e56-t1', 0.8041666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/9', 'churn-8f8e56', NULL, 9, 'churn-8f8e56-t2', 0.8083333333333333);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/8', 'churn-8f8e56', NULL, 8, 'churn-8f8e56-t1', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/10', 'churn-8f8e56', NULL, 10, 'churn-8f8e56-t2', 0.8083333333333333);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/9', 'churn-8f8e56', NULL, 9, 'churn-8f8e56-t1', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/15', 'churn-8f8e56', NULL, 15, 'churn-8f8e56-t2', 0.8458333333333333);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/10', 'churn-8f8e56', NULL, 10, 'churn-8f8e56-t1', 0.8125);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/20', 'churn-8f8e56', NULL, 20, 'churn-8f8e56-t2', 0.8458333333333333);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/25', 'churn-8f8e56', NULL, 25, 'churn-8f8e56-t2', 0.8333333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/15', 'churn-8f8e56', NULL, 15, 'churn-8f8e56-t1', 0.8208333333333333);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/30', 'churn-8f8e56', NULL, 30, 'churn-8f8e56-t2', 0.8375);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/20', 'churn-8f8e56', NULL, 20, 'churn-8f8e56-t1', 0.8375);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/35', 'churn-8f8e56', NULL, 35, 'churn-8f8e56-t2', 0.8416666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/25', 'churn-8f8e56', NULL, 25, 'churn-8f8e56-t1', 0.8333333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/40', 'churn-8f8e56', NULL, 40, 'churn-8f8e56-t2', 0.8375);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/30', 'churn-8f8e56', NULL, 30, 'churn-8f8e56-t1', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/45', 'churn-8f8e56', NULL, 45, 'churn-8f8e56-t2', 0.8375);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/50', 'churn-8f8e56', NULL, 50, 'churn-8f8e56-t2', 0.8375);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/35', 'churn-8f8e56', NULL, 35, 'churn-8f8e56-t1', 0.8333333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/55', 'churn-8f8e56', NULL, 55, 'churn-8f8e56-t2', 0.8333333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/40', 'churn-8f8e56', NULL, 40, 'churn-8f8e56-t1', 0.8333333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/60', 'churn-8f8e56', NULL, 60, 'churn-8f8e56-t2', 0.8416666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/45', 'churn-8f8e56', NULL, 45, 'churn-8f8e56-t1', 0.8333333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/65', 'churn-8f8e56', NULL, 65, 'churn-8f8e56-t2', 0.8333333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/50', 'churn-8f8e56', NULL, 50, 'churn-8f8e56-t1', 0.8333333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/70', 'churn-8f8e56', NULL, 70, 'churn-8f8e56-t2', 0.8375);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/55', 'churn-8f8e56', NULL, 55, 'churn-8f8e56-t1', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/60', 'churn-8f8e56', NULL, 60, 'churn-8f8e56-t1', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/75', 'churn-8f8e56', NULL, 75, 'churn-8f8e56-t2', 0.8416666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/65', 'churn-8f8e56', NULL, 65, 'churn-8f8e56-t1', 0.825);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/80', 'churn-8f8e56', NULL, 80, 'churn-8f8e56-t2', 0.8375);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/70', 'churn-8f8e56', NULL, 70, 'churn-8f8e56-t1', 0.825);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/85', 'churn-8f8e56', NULL, 85, 'churn-8f8e56-t2', 0.8333333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/90', 'churn-8f8e56', NULL, 90, 'churn-8f8e56-t2', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/75', 'churn-8f8e56', NULL, 75, 'churn-8f8e56-t1', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/95', 'churn-8f8e56', NULL, 95, 'churn-8f8e56-t2', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/80', 'churn-8f8e56', NULL, 80, 'churn-8f8e56-t1', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/85', 'churn-8f8e56', NULL, 85, 'churn-8f8e56-t1', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t2/step/100', 'churn-8f8e56', NULL, 100, 'churn-8f8e56-t2', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/90', 'churn-8f8e56', NULL, 90, 'churn-8f8e56-t1', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/95', 'churn-8f8e56', NULL, 95, 'churn-8f8e56-t1', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t1/step/100', 'churn-8f8e56', NULL, 100, 'churn-8f8e56-t1', 0.825);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/1', 'churn-8f8e56', NULL, 1, 'churn-8f8e56-t3', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/2', 'churn-8f8e56', NULL, 2, 'churn-8f8e56-t3', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/3', 'churn-8f8e56', NULL, 3, 'churn-8f8e56-t3', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/4', 'churn-8f8e56', NULL, 4, 'churn-8f8e56-t3', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/5', 'churn-8f8e56', NULL, 5, 'churn-8f8e56-t3', 0.775);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/1', 'churn-8f8e56', NULL, 1, 'churn-8f8e56-t4', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/2', 'churn-8f8e56', NULL, 2, 'churn-8f8e56-t4', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/6', 'churn-8f8e56', NULL, 6, 'churn-8f8e56-t3', 0.8);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/7', 'churn-8f8e56', NULL, 7, 'churn-8f8e56-t3', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/3', 'churn-8f8e56', NULL, 3, 'churn-8f8e56-t4', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/4', 'churn-8f8e56', NULL, 4, 'churn-8f8e56-t4', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/8', 'churn-8f8e56', NULL, 8, 'churn-8f8e56-t3', 0.8208333333333333);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/5', 'churn-8f8e56', NULL, 5, 'churn-8f8e56-t4', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/9', 'churn-8f8e56', NULL, 9, 'churn-8f8e56-t3', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/6', 'churn-8f8e56', NULL, 6, 'churn-8f8e56-t4', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/7', 'churn-8f8e56', NULL, 7, 'churn-8f8e56-t4', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/10', 'churn-8f8e56', NULL, 10, 'churn-8f8e56-t3', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/8', 'churn-8f8e56', NULL, 8, 'churn-8f8e56-t4', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/9', 'churn-8f8e56', NULL, 9, 'churn-8f8e56-t4', 0.7708333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/15', 'churn-8f8e56', NULL, 15, 'churn-8f8e56-t3', 0.8416666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/10', 'churn-8f8e56', NULL, 10, 'churn-8f8e56-t4', 0.7916666666666666);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/15', 'churn-8f8e56', NULL, 15, 'churn-8f8e56-t4', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/20', 'churn-8f8e56', NULL, 20, 'churn-8f8e56-t3', 0.8416666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/20', 'churn-8f8e56', NULL, 20, 'churn-8f8e56-t4', 0.8333333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/25', 'churn-8f8e56', NULL, 25, 'churn-8f8e56-t3', 0.8333333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/25', 'churn-8f8e56', NULL, 25, 'churn-8f8e56-t4', 0.8333333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/35', 'churn-8f8e56', NULL, 35, 'churn-8f8e56-t4', 0.8333333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/30', 'churn-8f8e56', NULL, 30, 'churn-8f8e56-t4', 0.8333333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/35', 'churn-8f8e56', NULL, 35, 'churn-8f8e56-t3', 0.8458333333333333);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/45', 'churn-8f8e56', NULL, 45, 'churn-8f8e56-t4', 0.825);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/50', 'churn-8f8e56', NULL, 50, 'churn-8f8e56-t4', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/55', 'churn-8f8e56', NULL, 55, 'churn-8f8e56-t4', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/50', 'churn-8f8e56', NULL, 50, 'churn-8f8e56-t3', 0.8375);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/65', 'churn-8f8e56', NULL, 65, 'churn-8f8e56-t4', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/60', 'churn-8f8e56', NULL, 60, 'churn-8f8e56-t3', 0.825);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/65', 'churn-8f8e56', NULL, 65, 'churn-8f8e56-t3', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/80', 'churn-8f8e56', NULL, 80, 'churn-8f8e56-t4', 0.825);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/85', 'churn-8f8e56', NULL, 85, 'churn-8f8e56-t4', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/90', 'churn-8f8e56', NULL, 90, 'churn-8f8e56-t4', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/95', 'churn-8f8e56', NULL, 95, 'churn-8f8e56-t4', 0.825);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/30', 'churn-8f8e56', NULL, 30, 'churn-8f8e56-t3', 0.8458333333333333);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/40', 'churn-8f8e56', NULL, 40, 'churn-8f8e56-t4', 0.825);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/45', 'churn-8f8e56', NULL, 45, 'churn-8f8e56-t3', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/60', 'churn-8f8e56', NULL, 60, 'churn-8f8e56-t4', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/55', 'churn-8f8e56', NULL, 55, 'churn-8f8e56-t3', 0.825);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/70', 'churn-8f8e56', NULL, 70, 'churn-8f8e56-t4', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/75', 'churn-8f8e56', NULL, 75, 'churn-8f8e56-t4', 0.825);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/70', 'churn-8f8e56', NULL, 70, 'churn-8f8e56-t3', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/75', 'churn-8f8e56', NULL, 75, 'churn-8f8e56-t3', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/80', 'churn-8f8e56', NULL, 80, 'churn-8f8e56-t3', 0.8291666666666667);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/85', 'churn-8f8e56', NULL, 85, 'churn-8f8e56-t3', 0.8208333333333333);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/95', 'churn-8f8e56', NULL, 95, 'churn-8f8e56-t3', 0.825);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/100', 'churn-8f8e56', NULL, 100, 'churn-8f8e56-t3', 0.825);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/40', 'churn-8f8e56', NULL, 40, 'churn-8f8e56-t3', 0.8333333333333334);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t4/step/100', 'churn-8f8e56', NULL, 100, 'churn-8f8e56-t4', 0.825);
INSERT INTO public.intermediate_results (id, experiment_id, rung, step, trial_id, value) VALUES ('churn-8f8e56-t3/step/90', 'churn-8f8e56', NULL, 90, 'churn-8f8e56-t3', 0.8208333333333333);


--
-- Data for Name: login_sessions; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: model_revisions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.model_revisions (id, artifact_url, created_at, experiment_id, format, name, owner, reason, revision, served_at, source, state, url) VALUES ('price/r1', 'http://localhost:18080/api/artifacts/models/price-up-567e64.onnx', '2026-11-30 12:55:45.787241+00', NULL, 'onnx', 'price', 'admin', NULL, 1, '2026-11-30 12:55:45.832706+00', 'upload:up-567e64', 'SERVED', 'http://localhost:18092/models/price/versions/1');
INSERT INTO public.model_revisions (id, artifact_url, created_at, experiment_id, format, name, owner, reason, revision, served_at, source, state, url) VALUES ('churn-8f8e56/r1', 'http://localhost:18080/api/artifacts/models/churn-8f8e56-t2', '2026-11-30 12:55:51.533579+00', 'churn-8f8e56', 'xgboost-json', 'churn-8f8e56', 'admin', NULL, 1, '2026-11-30 12:55:51.5462+00', 'best:churn-8f8e56', 'SERVED', 'http://localhost:18092/models/churn-8f8e56/versions/1');


--
-- Data for Name: model_uploads; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.model_uploads (id, artifact_url, created_at, format, name, owner) VALUES ('up-567e64', 'http://localhost:18080/api/artifacts/models/price-up-567e64.onnx', '2026-11-30 12:55:45.598729+00', 'onnx', 'price', 'admin');


--
-- Data for Name: models; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.models (name, access_applied, access_change, artifact_url, canary_percent, canary_revision, experiment_id, format, internal_url, max_scale, min_scale, owner, published_at, removing, revision, scale_down_delay_seconds, target_concurrency, token_sha256, url) VALUES ('price', 0, 0, 'http://localhost:18080/api/artifacts/models/price-up-567e64.onnx', 0, NULL, NULL, 'onnx', 'http://127.0.0.1:18092/models/price', 3, 0, 'admin', '2026-11-30 12:55:45.832706+00', false, 1, 0, 10, NULL, 'http://localhost:18092/models/price');
INSERT INTO public.models (name, access_applied, access_change, artifact_url, canary_percent, canary_revision, experiment_id, format, internal_url, max_scale, min_scale, owner, published_at, removing, revision, scale_down_delay_seconds, target_concurrency, token_sha256, url) VALUES ('churn-8f8e56', 0, 0, 'http://localhost:18080/api/artifacts/models/churn-8f8e56-t2', 0, NULL, 'churn-8f8e56', 'xgboost-json', 'http://127.0.0.1:18092/models/churn-8f8e56', 3, 0, 'admin', '2026-11-30 12:55:51.5462+00', false, 1, 0, 10, NULL, 'http://localhost:18092/models/churn-8f8e56');


--
-- Data for Name: outbox; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: processed_events; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/web churn-8f8e56/submitted', '2026-11-30 12:55:45.57888+00', 'upload-received');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/web price/up-567e64/uploaded', '2026-11-30 12:55:45.81937+00', 'model-uploaded');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/functions churn-8f8e56-t1/requested', '2026-11-30 12:55:45.909773+00', 'trial-requested');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/functions churn-8f8e56-t2/requested', '2026-11-30 12:55:45.924883+00', 'trial-requested');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/functions churn-8f8e56-t3/requested', '2026-11-30 12:55:45.95354+00', 'trial-requested');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/functions churn-8f8e56-t4/requested', '2026-11-30 12:55:45.977801+00', 'trial-requested');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('front:/knobs/functions churn-8f8e56/started', '2026-11-30 12:55:45.98109+00', 'experiment-started');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('front:/knobs/functions price/r1/published', '2026-11-30 12:55:46.147514+00', 'model-published');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/1', '2026-11-30 12:55:47.400157+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/1', '2026-11-30 12:55:47.399418+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/2', '2026-11-30 12:55:47.429911+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/2', '2026-11-30 12:55:47.445808+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/3', '2026-11-30 12:55:47.505457+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/3', '2026-11-30 12:55:47.509817+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/4', '2026-11-30 12:55:47.543245+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/4', '2026-11-30 12:55:47.55049+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/5', '2026-11-30 12:55:47.59891+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/5', '2026-11-30 12:55:47.625931+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/6', '2026-11-30 12:55:47.649583+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/6', '2026-11-30 12:55:47.659593+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/7', '2026-11-30 12:55:47.690385+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/7', '2026-11-30 12:55:47.735457+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/8', '2026-11-30 12:55:47.730661+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/9', '2026-11-30 12:55:47.777112+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/8', '2026-11-30 12:55:47.804811+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/10', '2026-11-30 12:55:47.825611+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/9', '2026-11-30 12:55:47.852732+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/15', '2026-11-30 12:55:47.864366+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/10', '2026-11-30 12:55:47.898575+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/20', '2026-11-30 12:55:47.897206+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/25', '2026-11-30 12:55:47.924877+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/15', '2026-11-30 12:55:47.943194+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/30', '2026-11-30 12:55:47.959984+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/20', '2026-11-30 12:55:47.983088+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/35', '2026-11-30 12:55:48.012245+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/25', '2026-11-30 12:55:48.024704+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/40', '2026-11-30 12:55:48.045594+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/30', '2026-11-30 12:55:48.063485+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/45', '2026-11-30 12:55:48.078548+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/50', '2026-11-30 12:55:48.105044+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/35', '2026-11-30 12:55:48.124627+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/55', '2026-11-30 12:55:48.145689+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/40', '2026-11-30 12:55:48.163848+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/60', '2026-11-30 12:55:48.183414+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/45', '2026-11-30 12:55:48.203074+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/65', '2026-11-30 12:55:48.223269+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/50', '2026-11-30 12:55:48.240616+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/70', '2026-11-30 12:55:48.262934+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/55', '2026-11-30 12:55:48.268314+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/60', '2026-11-30 12:55:48.313708+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/75', '2026-11-30 12:55:48.311629+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/80', '2026-11-30 12:55:48.365807+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/65', '2026-11-30 12:55:48.367972+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/70', '2026-11-30 12:55:48.407484+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/85', '2026-11-30 12:55:48.416586+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/90', '2026-11-30 12:55:48.457028+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/75', '2026-11-30 12:55:48.471405+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/80', '2026-11-30 12:55:48.506161+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/95', '2026-11-30 12:55:48.508264+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/85', '2026-11-30 12:55:48.550856+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/step/100', '2026-11-30 12:55:48.55453+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/90', '2026-11-30 12:55:48.586179+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/95', '2026-11-30 12:55:48.631285+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/step/100', '2026-11-30 12:55:48.646941+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t2/finished', '2026-11-30 12:55:48.743683+00', 'trial-finished');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t1/finished', '2026-11-30 12:55:48.802177+00', 'trial-finished');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('front:/knobs/functions churn-8f8e56-t2/completed', '2026-11-30 12:55:48.837356+00', 'trial-completed');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('front:/knobs/functions churn-8f8e56-t1/completed', '2026-11-30 12:55:48.863067+00', 'trial-completed');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/1', '2026-11-30 12:55:50.094826+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/2', '2026-11-30 12:55:50.11889+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/3', '2026-11-30 12:55:50.168575+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/4', '2026-11-30 12:55:50.208542+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/5', '2026-11-30 12:55:50.25928+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/1', '2026-11-30 12:55:50.273185+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/2', '2026-11-30 12:55:50.311768+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/6', '2026-11-30 12:55:50.313142+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/7', '2026-11-30 12:55:50.345711+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/3', '2026-11-30 12:55:50.34947+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/4', '2026-11-30 12:55:50.382692+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/8', '2026-11-30 12:55:50.385593+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/5', '2026-11-30 12:55:50.390922+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/9', '2026-11-30 12:55:50.4365+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/6', '2026-11-30 12:55:50.435181+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/7', '2026-11-30 12:55:50.456272+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/10', '2026-11-30 12:55:50.480473+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/8', '2026-11-30 12:55:50.486457+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/15', '2026-11-30 12:55:50.517733+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/9', '2026-11-30 12:55:50.517623+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/10', '2026-11-30 12:55:50.533417+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/15', '2026-11-30 12:55:50.569725+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/30', '2026-11-30 12:55:50.645229+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/40', '2026-11-30 12:55:50.722123+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/45', '2026-11-30 12:55:50.799421+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/60', '2026-11-30 12:55:50.858177+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/55', '2026-11-30 12:55:50.893201+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/70', '2026-11-30 12:55:50.936528+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/75', '2026-11-30 12:55:50.972968+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/70', '2026-11-30 12:55:50.999052+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/75', '2026-11-30 12:55:51.046385+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/80', '2026-11-30 12:55:51.084643+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/85', '2026-11-30 12:55:51.125424+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/95', '2026-11-30 12:55:51.216667+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/100', '2026-11-30 12:55:51.261752+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/20', '2026-11-30 12:55:50.570633+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/25', '2026-11-30 12:55:50.614895+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/35', '2026-11-30 12:55:50.691992+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/20', '2026-11-30 12:55:50.581678+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/30', '2026-11-30 12:55:50.638789+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/35', '2026-11-30 12:55:50.694466+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/45', '2026-11-30 12:55:50.739197+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/50', '2026-11-30 12:55:50.782833+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/55', '2026-11-30 12:55:50.820062+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/50', '2026-11-30 12:55:50.847228+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/65', '2026-11-30 12:55:50.896029+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/60', '2026-11-30 12:55:50.93352+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/65', '2026-11-30 12:55:50.963407+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/80', '2026-11-30 12:55:51.002641+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/85', '2026-11-30 12:55:51.042853+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/90', '2026-11-30 12:55:51.07363+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/95', '2026-11-30 12:55:51.103211+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/25', '2026-11-30 12:55:50.585406+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/40', '2026-11-30 12:55:50.740869+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/step/100', '2026-11-30 12:55:51.134476+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/step/90', '2026-11-30 12:55:51.182705+00', 'trial-progress');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t4/finished', '2026-11-30 12:55:51.269655+00', 'trial-finished');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/trials churn-8f8e56-t3/finished', '2026-11-30 12:55:51.417423+00', 'trial-finished');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('/knobs/functions churn-8f8e56/best', '2026-11-30 12:55:51.541434+00', 'best-selected');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('front:/knobs/functions churn-8f8e56-t4/completed', '2026-11-30 12:55:51.322744+00', 'trial-completed');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('front:/knobs/functions churn-8f8e56-t3/completed', '2026-11-30 12:55:51.492851+00', 'trial-completed');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('front:/knobs/functions churn-8f8e56/r1/published', '2026-11-30 12:55:51.595899+00', 'model-published');
INSERT INTO public.processed_events (key, processed_at, type) VALUES ('front:/knobs/functions churn-8f8e56/finished', '2026-11-30 12:55:51.630099+00', 'experiment-finished');


--
-- Data for Name: submissions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.submissions (id, name, owner, cancel_requested_at, created_at, payload) VALUES ('churn-8f8e56', 'churn', 'admin', NULL, '2026-11-30 12:55:45.397485+00', '{"experimentId":"churn-8f8e56","owner":"admin","name":"churn","dataset":{"id":"churn-f9b44c","url":"http://localhost:18080/api/artifacts/datasets/churn-f9b44c","labelColumn":"churn"},"algorithm":"xgboost","searchSpace":{"parameters":[{"type":"float","name":"learning_rate","low":0.03,"high":0.3,"log":true},{"type":"int","name":"max_depth","low":2,"high":6,"log":false,"step":1}]},"searchAlgorithm":"random","seed":42,"objective":{"metric":"accuracy","goal":"MAXIMIZE"},"budget":{"maxTrials":4,"parallelTrials":2,"maxFailedTrials":3},"resources":{"cpu":1.0,"memoryMb":1024,"deadlineSeconds":600},"earlyStopping":{"rule":"MEDIAN"}}');


--
-- Data for Name: subscription_deliveries; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: subscription_delivery_attempts; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: subscriptions; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: trials; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.trials (id, attempt, exit_code, experiment_id, finished_at, history, last_step, log_tail, metrics, model_format, model_url, number, objective_value, parameters, reason, requested_at, started_at, state) VALUES ('churn-8f8e56-t2', 1, 0, 'churn-8f8e56', '2026-11-30 12:55:48.752641+00', NULL, 100, NULL, '{"accuracy":0.8291666666666667,"logloss":0.4254366584991028,"macro_f1":0.742939993207764}', 'xgboost-json', 'http://localhost:18080/api/artifacts/models/churn-8f8e56-t2', 2, 0.8291666666666667, '{"learning_rate":0.0927580409948646,"max_depth":4}', NULL, '2026-11-30 12:55:45.770533+00', '2026-11-30 12:55:45.938365+00', 'SUCCEEDED');
INSERT INTO public.trials (id, attempt, exit_code, experiment_id, finished_at, history, last_step, log_tail, metrics, model_format, model_url, number, objective_value, parameters, reason, requested_at, started_at, state) VALUES ('churn-8f8e56-t1', 1, 0, 'churn-8f8e56', '2026-11-30 12:55:48.805033+00', NULL, 100, NULL, '{"accuracy":0.825,"logloss":0.4197344540557913,"macro_f1":0.738562091503268}', 'xgboost-json', 'http://localhost:18080/api/artifacts/models/churn-8f8e56-t1', 1, 0.825, '{"learning_rate":0.18755564936016264,"max_depth":2}', NULL, '2026-11-30 12:55:45.763365+00', '2026-11-30 12:55:45.935012+00', 'SUCCEEDED');
INSERT INTO public.trials (id, attempt, exit_code, experiment_id, finished_at, history, last_step, log_tail, metrics, model_format, model_url, number, objective_value, parameters, reason, requested_at, started_at, state) VALUES ('churn-8f8e56-t4', 1, 0, 'churn-8f8e56', '2026-11-30 12:55:51.284228+00', NULL, 100, NULL, '{"accuracy":0.825,"logloss":0.4072831804815886,"macro_f1":0.738562091503268}', 'xgboost-json', 'http://localhost:18080/api/artifacts/models/churn-8f8e56-t4', 4, 0.825, '{"learning_rate":0.07198694971912521,"max_depth":3}', NULL, '2026-11-30 12:55:45.778397+00', '2026-11-30 12:55:45.999762+00', 'SUCCEEDED');
INSERT INTO public.trials (id, attempt, exit_code, experiment_id, finished_at, history, last_step, log_tail, metrics, model_format, model_url, number, objective_value, parameters, reason, requested_at, started_at, state) VALUES ('churn-8f8e56-t3', 1, 0, 'churn-8f8e56', '2026-11-30 12:55:51.423825+00', NULL, 100, NULL, '{"accuracy":0.825,"logloss":0.4509196392158869,"macro_f1":0.738562091503268}', 'xgboost-json', 'http://localhost:18080/api/artifacts/models/churn-8f8e56-t3', 3, 0.825, '{"learning_rate":0.11325751439208166,"max_depth":4}', NULL, '2026-11-30 12:55:45.777257+00', '2026-11-30 12:55:45.964897+00', 'SUCCEEDED');


--
-- Data for Name: user_notifications; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.user_notifications (id, created_at, event_key, experiment_id, message, owner, read_at, type, url) VALUES ('d8f845ab-31ad-4b20-b452-15a5af2382b1', '2026-11-30 12:55:46.000751+00', '/knobs/functions churn-8f8e56/started', 'churn-8f8e56', 'Experiment churn started: up to 4 trials, 2 at a time.', 'admin', NULL, 'experiment-started', '#experiment/churn-8f8e56');
INSERT INTO public.user_notifications (id, created_at, event_key, experiment_id, message, owner, read_at, type, url) VALUES ('54f15c60-58f4-4414-a1c8-b5e26f833aa4', '2026-11-30 12:55:46.164234+00', '/knobs/functions price/r1/published', NULL, 'Your model price (version 1) is served at http://localhost:18092/models/price', 'admin', NULL, 'model-published', '#model/price');
INSERT INTO public.user_notifications (id, created_at, event_key, experiment_id, message, owner, read_at, type, url) VALUES ('0100158f-e823-4f07-9a97-3b138eca6a52', '2026-11-30 12:55:51.600119+00', '/knobs/functions churn-8f8e56/r1/published', 'churn-8f8e56', 'Your model churn-8f8e56 (version 1) is served at http://localhost:18092/models/churn-8f8e56', 'admin', NULL, 'model-published', '#model/churn-8f8e56');
INSERT INTO public.user_notifications (id, created_at, event_key, experiment_id, message, owner, read_at, type, url) VALUES ('831991ac-fa6f-4e57-8f9f-999fd9010667', '2026-11-30 12:55:51.632145+00', '/knobs/functions churn-8f8e56/finished', 'churn-8f8e56', 'Experiment churn finished; the best trial is number 2; its model is served at http://localhost:18092/models/churn-8f8e56.', 'admin', NULL, 'experiment-finished', '#experiment/churn-8f8e56');


--
-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.users (username, created_at, deleted_at, password_hash, role) VALUES ('admin', '2026-11-30 12:55:21.708091+00', NULL, '$2a$10$NDiF5SeC3tC.86fofAbV5.tR3ZvRbhQL/FwYhhshDlVcdafdvcAEW', 'admin');
INSERT INTO public.users (username, created_at, deleted_at, password_hash, role) VALUES ('dana', '2026-11-30 12:55:48.981754+00', NULL, '$2a$10$XpTLVYIFB1ODNWddW2IG7utYKYWZPpIYRz8x0JwLlSdHW/a0t1kKy', 'user');


--
-- Name: subscription_delivery_ids; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.subscription_delivery_ids', 1, false);


--
-- Name: api_tokens api_tokens_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_pkey PRIMARY KEY (id);


--
-- Name: datasets datasets_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.datasets
    ADD CONSTRAINT datasets_pkey PRIMARY KEY (id);


--
-- Name: dead_letters dead_letters_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dead_letters
    ADD CONSTRAINT dead_letters_pkey PRIMARY KEY (key);


--
-- Name: experiments experiments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.experiments
    ADD CONSTRAINT experiments_pkey PRIMARY KEY (id);


--
-- Name: intermediate_results intermediate_results_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.intermediate_results
    ADD CONSTRAINT intermediate_results_pkey PRIMARY KEY (id);


--
-- Name: login_sessions login_sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_sessions
    ADD CONSTRAINT login_sessions_pkey PRIMARY KEY (id);


--
-- Name: model_revisions model_revisions_by_name; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.model_revisions
    ADD CONSTRAINT model_revisions_by_name UNIQUE (name, revision);


--
-- Name: model_revisions model_revisions_by_source; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.model_revisions
    ADD CONSTRAINT model_revisions_by_source UNIQUE (source);


--
-- Name: model_revisions model_revisions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.model_revisions
    ADD CONSTRAINT model_revisions_pkey PRIMARY KEY (id);


--
-- Name: model_uploads model_uploads_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.model_uploads
    ADD CONSTRAINT model_uploads_pkey PRIMARY KEY (id);


--
-- Name: models models_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.models
    ADD CONSTRAINT models_pkey PRIMARY KEY (name);


--
-- Name: outbox outbox_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (key);


--
-- Name: processed_events processed_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.processed_events
    ADD CONSTRAINT processed_events_pkey PRIMARY KEY (key);


--
-- Name: submissions submissions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.submissions
    ADD CONSTRAINT submissions_pkey PRIMARY KEY (id);


--
-- Name: subscription_deliveries subscription_deliveries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscription_deliveries
    ADD CONSTRAINT subscription_deliveries_pkey PRIMARY KEY (id);


--
-- Name: subscription_delivery_attempts subscription_delivery_attempts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscription_delivery_attempts
    ADD CONSTRAINT subscription_delivery_attempts_pkey PRIMARY KEY (id);


--
-- Name: subscriptions subscriptions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_pkey PRIMARY KEY (id);


--
-- Name: trials trials_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.trials
    ADD CONSTRAINT trials_pkey PRIMARY KEY (id);


--
-- Name: subscription_deliveries uk9mcmgc20unpik8scac1exkprd; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscription_deliveries
    ADD CONSTRAINT uk9mcmgc20unpik8scac1exkprd UNIQUE (subscription_id, event_key);


--
-- Name: user_notifications ukhcs1x93jwl0bcnquyni4mwjav; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_notifications
    ADD CONSTRAINT ukhcs1x93jwl0bcnquyni4mwjav UNIQUE (event_key);


--
-- Name: user_notifications user_notifications_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_notifications
    ADD CONSTRAINT user_notifications_pkey PRIMARY KEY (id);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (username);


--
-- Name: idx7i4ktwwncbha3mbupv5y40qew; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx7i4ktwwncbha3mbupv5y40qew ON public.login_sessions USING btree (username);


--
-- Name: idxr6q8awebvnvai32nsbf6wo0jf; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idxr6q8awebvnvai32nsbf6wo0jf ON public.api_tokens USING btree (username);


--
-- Name: intermediate_by_rung; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX intermediate_by_rung ON public.intermediate_results USING btree (experiment_id, rung);


--
-- Name: intermediate_by_step; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX intermediate_by_step ON public.intermediate_results USING btree (experiment_id, step);


--
-- Name: subscription_deliveries_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX subscription_deliveries_due ON public.subscription_deliveries USING btree (state, next_attempt_at);


--
-- Name: subscription_deliveries_log; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX subscription_deliveries_log ON public.subscription_deliveries USING btree (subscription_id, id);


--
-- Name: subscription_delivery_attempts_of; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX subscription_delivery_attempts_of ON public.subscription_delivery_attempts USING btree (delivery_id);


--
-- Name: trials_by_experiment; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX trials_by_experiment ON public.trials USING btree (experiment_id, number);


--
-- Name: user_notifications_owner; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX user_notifications_owner ON public.user_notifications USING btree (owner, created_at);


--
-- PostgreSQL database dump complete
--


