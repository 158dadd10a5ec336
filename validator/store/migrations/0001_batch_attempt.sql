ALTER TABLE `batches` ADD `attempt` integer DEFAULT 0 NOT NULL;
