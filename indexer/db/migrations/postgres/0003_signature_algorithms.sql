ALTER TABLE "dwallets" ADD COLUMN "algorithm" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "algorithm" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "presigns" ADD COLUMN "algorithm" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "algorithm" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
DROP INDEX "presigns_pool";--> statement-breakpoint
CREATE INDEX "presigns_pool" ON "presigns" ("network_key_id","curve","algorithm","state");
