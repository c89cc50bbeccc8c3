CREATE TABLE "addons" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"scopes" jsonb NOT NULL,
	"allow_global" boolean NOT NULL,
	"allow_room" boolean NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL,
	"actor_id" text,
	"actor_type" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"owner_id" text,
	"ip" text,
	"user_agent" text,
	"detail" text
);
--> statement-breakpoint
CREATE TABLE "bot_key_tokens" (
	"key_id" text NOT NULL,
	"token_id" text NOT NULL,
	CONSTRAINT "bot_key_tokens_key_id_token_id_pk" PRIMARY KEY("key_id","token_id")
);
--> statement-breakpoint
CREATE TABLE "bot_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"expires_at" bigint,
	"revoked_at" bigint,
	"last_used_at" bigint,
	"last_used_ip" text,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_rate_buckets" (
	"key_id" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "installations" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"addon_id" text,
	"oauth_id" text NOT NULL,
	"oauth_secret_enc" text,
	"capabilities_url" text NOT NULL,
	"token_url" text NOT NULL,
	"authorization_url" text,
	"api_url" text NOT NULL,
	"scopes" jsonb NOT NULL,
	"group_id" text,
	"group_name" text,
	"room_id" text,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"last_error" text,
	"installed_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_start" bigint NOT NULL,
	"locked_until" bigint
);
--> statement-breakpoint
CREATE TABLE "meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"token_id" text,
	"type" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"title" text NOT NULL,
	"detail" jsonb,
	"created_at" bigint NOT NULL,
	"read_at" bigint
);
--> statement-breakpoint
CREATE TABLE "oauth_states" (
	"state_hash" text PRIMARY KEY NOT NULL,
	"session_hash" text NOT NULL,
	"owner_id" text NOT NULL,
	"installation_id" text,
	"provider_id" text,
	"token_id" text,
	"code_verifier_enc" text NOT NULL,
	"scopes" jsonb NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"used_at" bigint
);
--> statement-breakpoint
CREATE TABLE "provider_circuits" (
	"origin" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"opened_at" bigint,
	"open_until" bigint,
	"probe_until" bigint,
	"last_error" text,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"name" text NOT NULL,
	"token_url" text NOT NULL,
	"authorization_url" text,
	"revocation_url" text,
	"introspection_url" text,
	"client_id" text NOT NULL,
	"client_secret_enc" text NOT NULL,
	"client_auth" text NOT NULL,
	"scopes" jsonb NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "revocation_outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"token_id" text NOT NULL,
	"owner_id" text NOT NULL,
	"installation_id" text,
	"provider_id" text,
	"provider_url" text NOT NULL,
	"value_enc" text NOT NULL,
	"token_type_hint" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" bigint NOT NULL,
	"lease_until" bigint,
	"last_error" text,
	"created_at" bigint NOT NULL,
	"finished_at" bigint
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	"last_seen_at" bigint NOT NULL,
	"authenticated_at" bigint NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "token_shares" (
	"token_id" text NOT NULL,
	"user_id" text NOT NULL,
	"access" text NOT NULL,
	"created_at" bigint NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "token_shares_token_id_user_id_pk" PRIMARY KEY("token_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"provider_url" text NOT NULL,
	"provider_id" text,
	"installation_id" text,
	"grant" text DEFAULT 'pasted' NOT NULL,
	"scopes" jsonb NOT NULL,
	"group_id" text,
	"group_name" text,
	"room_id" text,
	"room_name" text,
	"provider_user" jsonb,
	"access_token_enc" text,
	"refresh_token_enc" text,
	"expires_at" bigint,
	"expiry_sort" bigint GENERATED ALWAYS AS (coalesce(expires_at, 9007199254740991)) STORED,
	"refresh_expires_at" bigint,
	"status" text DEFAULT 'active' NOT NULL,
	"verified" boolean DEFAULT false NOT NULL,
	"fingerprint" text NOT NULL,
	"generation" integer DEFAULT 0 NOT NULL,
	"lease_owner" text,
	"lease_until" bigint,
	"last_error" text,
	"fail_count" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" bigint,
	"failing_since" bigint,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"last_refreshed_at" bigint,
	"last_used_at" bigint
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"alert_days" jsonb DEFAULT '[30,7,1]'::jsonb NOT NULL,
	"password_hash" text NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"webhook_id" text NOT NULL,
	"notification_id" bigint NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" bigint,
	"lease_until" bigint,
	"last_status" integer,
	"last_error" text,
	"created_at" bigint NOT NULL,
	"delivered_at" bigint
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"url" text NOT NULL,
	"secret_enc" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "addons" ADD CONSTRAINT "addons_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_key_tokens" ADD CONSTRAINT "bot_key_tokens_key_id_bot_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."bot_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_key_tokens" ADD CONSTRAINT "bot_key_tokens_token_id_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_keys" ADD CONSTRAINT "bot_keys_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installations" ADD CONSTRAINT "installations_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installations" ADD CONSTRAINT "installations_addon_id_addons_id_fk" FOREIGN KEY ("addon_id") REFERENCES "public"."addons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_states" ADD CONSTRAINT "oauth_states_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "token_shares" ADD CONSTRAINT "token_shares_token_id_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "token_shares" ADD CONSTRAINT "token_shares_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "addons_key_unique" ON "addons" USING btree ("key");--> statement-breakpoint
CREATE INDEX "addons_owner_idx" ON "addons" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_owner_idx" ON "audit_events" USING btree ("owner_id","at");--> statement-breakpoint
CREATE INDEX "audit_target_idx" ON "audit_events" USING btree ("target_type","target_id","at");--> statement-breakpoint
CREATE INDEX "bot_key_tokens_token_idx" ON "bot_key_tokens" USING btree ("token_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bot_keys_hash_unique" ON "bot_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "bot_keys_owner_idx" ON "bot_keys" USING btree ("owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "installations_oauth_id_unique" ON "installations" USING btree ("oauth_id");--> statement-breakpoint
CREATE INDEX "installations_owner_idx" ON "installations" USING btree ("owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_unique" ON "notifications" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_owner_idx" ON "notifications" USING btree ("owner_id","id");--> statement-breakpoint
CREATE INDEX "providers_owner_idx" ON "providers" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "revocation_outbox_due_idx" ON "revocation_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "revocation_outbox_token_idx" ON "revocation_outbox" USING btree ("token_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "token_shares_user_idx" ON "token_shares" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tokens_owner_fingerprint_unique" ON "tokens" USING btree ("owner_id","fingerprint");--> statement-breakpoint
CREATE INDEX "tokens_owner_expiry_idx" ON "tokens" USING btree ("owner_id","expiry_sort","id");--> statement-breakpoint
CREATE INDEX "tokens_owner_label_idx" ON "tokens" USING btree ("owner_id","label","id");--> statement-breakpoint
CREATE INDEX "tokens_owner_created_idx" ON "tokens" USING btree ("owner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tokens_expiry_idx" ON "tokens" USING btree ("expiry_sort","id");--> statement-breakpoint
CREATE INDEX "tokens_installation_idx" ON "tokens" USING btree ("installation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_unique" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_webhook_idx" ON "webhook_deliveries" USING btree ("webhook_id","id");--> statement-breakpoint
CREATE INDEX "webhooks_owner_idx" ON "webhooks" USING btree ("owner_id");