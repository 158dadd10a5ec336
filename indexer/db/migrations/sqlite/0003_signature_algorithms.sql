ALTER TABLE `dwallets` ADD `algorithm` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `algorithm` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `presigns` ADD `algorithm` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `signatures` ADD `algorithm` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
DROP INDEX `presigns_pool`;--> statement-breakpoint
CREATE INDEX `presigns_pool` ON `presigns` (`network_key_id`,`curve`,`algorithm`,`state`);
