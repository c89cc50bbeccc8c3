CREATE TABLE `token_shares` (
	`token_id` text NOT NULL,
	`user_id` text NOT NULL,
	`access` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	PRIMARY KEY(`token_id`, `user_id`),
	FOREIGN KEY (`token_id`) REFERENCES `tokens`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `token_shares_user_idx` ON `token_shares` (`user_id`);--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`kind` text NOT NULL,
	`label` text NOT NULL,
	`provider_url` text NOT NULL,
	`provider_id` text,
	`installation_id` text,
	`scopes` text NOT NULL,
	`group_id` text,
	`group_name` text,
	`room_id` text,
	`room_name` text,
	`provider_user` text,
	`access_token_enc` text,
	`refresh_token_enc` text,
	`expires_at` integer,
	`expiry_sort` integer GENERATED ALWAYS AS (coalesce(expires_at, 9007199254740991)) VIRTUAL,
	`refresh_expires_at` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`verified` integer DEFAULT false NOT NULL,
	`fingerprint` text NOT NULL,
	`generation` integer DEFAULT 0 NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`last_error` text,
	`fail_count` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_refreshed_at` integer,
	`last_used_at` integer,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_owner_fingerprint_unique` ON `tokens` (`owner_id`,`fingerprint`);--> statement-breakpoint
CREATE INDEX `tokens_owner_expiry_idx` ON `tokens` (`owner_id`,`expiry_sort`,`id`);--> statement-breakpoint
CREATE INDEX `tokens_owner_label_idx` ON `tokens` (`owner_id`,`label`,`id`);--> statement-breakpoint
CREATE INDEX `tokens_owner_created_idx` ON `tokens` (`owner_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tokens_expiry_idx` ON `tokens` (`expiry_sort`,`id`);--> statement-breakpoint
CREATE INDEX `tokens_installation_idx` ON `tokens` (`installation_id`);