CREATE TABLE `addons` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`scopes` text NOT NULL,
	`allow_global` integer NOT NULL,
	`allow_room` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `addons_key_unique` ON `addons` (`key`);--> statement-breakpoint
CREATE INDEX `addons_owner_idx` ON `addons` (`owner_id`);--> statement-breakpoint
CREATE TABLE `installations` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`addon_id` text,
	`oauth_id` text NOT NULL,
	`oauth_secret_enc` text,
	`capabilities_url` text NOT NULL,
	`token_url` text NOT NULL,
	`authorization_url` text,
	`api_url` text NOT NULL,
	`scopes` text NOT NULL,
	`group_id` text,
	`group_name` text,
	`room_id` text,
	`status` text NOT NULL,
	`source` text NOT NULL,
	`last_error` text,
	`installed_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`addon_id`) REFERENCES `addons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `installations_oauth_id_unique` ON `installations` (`oauth_id`);--> statement-breakpoint
CREATE INDEX `installations_owner_idx` ON `installations` (`owner_id`);--> statement-breakpoint
CREATE TABLE `oauth_states` (
	`state_hash` text PRIMARY KEY NOT NULL,
	`session_hash` text NOT NULL,
	`owner_id` text NOT NULL,
	`installation_id` text,
	`provider_id` text,
	`code_verifier_enc` text NOT NULL,
	`scopes` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `providers` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`token_url` text NOT NULL,
	`authorization_url` text,
	`revocation_url` text,
	`introspection_url` text,
	`client_id` text NOT NULL,
	`client_secret_enc` text NOT NULL,
	`client_auth` text NOT NULL,
	`scopes` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `providers_owner_idx` ON `providers` (`owner_id`);