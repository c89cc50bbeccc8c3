CREATE TABLE `provider_circuits` (
	`origin` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`opened_at` integer,
	`open_until` integer,
	`probe_until` integer,
	`last_error` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `revocation_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`token_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`installation_id` text,
	`provider_id` text,
	`provider_url` text NOT NULL,
	`value_enc` text NOT NULL,
	`token_type_hint` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `revocation_outbox_due_idx` ON `revocation_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `revocation_outbox_token_idx` ON `revocation_outbox` (`token_id`);--> statement-breakpoint
ALTER TABLE `audit_events` ADD `actor_type` text;--> statement-breakpoint
ALTER TABLE `oauth_states` ADD `token_id` text;