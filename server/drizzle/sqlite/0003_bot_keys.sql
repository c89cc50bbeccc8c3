CREATE TABLE `bot_key_tokens` (
	`key_id` text NOT NULL,
	`token_id` text NOT NULL,
	PRIMARY KEY(`key_id`, `token_id`),
	FOREIGN KEY (`key_id`) REFERENCES `bot_keys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`token_id`) REFERENCES `tokens`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `bot_key_tokens_token_idx` ON `bot_key_tokens` (`token_id`);--> statement-breakpoint
CREATE TABLE `bot_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`key_prefix` text NOT NULL,
	`expires_at` integer,
	`revoked_at` integer,
	`last_used_at` integer,
	`last_used_ip` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bot_keys_hash_unique` ON `bot_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `bot_keys_owner_idx` ON `bot_keys` (`owner_id`);