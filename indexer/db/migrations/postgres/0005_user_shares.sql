CREATE TABLE "encryption_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"curve" integer NOT NULL,
	"encryption_key" text NOT NULL,
	"state" text NOT NULL,
	"session_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "encryption_keys_owner" ON "encryption_keys" ("owner","curve");
--> statement-breakpoint
CREATE TABLE "encrypted_shares" (
	"id" text PRIMARY KEY NOT NULL,
	"dwallet_id" text NOT NULL,
	"owner" text NOT NULL,
	"sender" text NOT NULL,
	"transfer" boolean NOT NULL,
	"state" text NOT NULL,
	"session_id" text NOT NULL,
	"encrypted_share" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "encrypted_shares_dwallet" ON "encrypted_shares" ("dwallet_id","created_at","id");
--> statement-breakpoint
CREATE INDEX "encrypted_shares_owner" ON "encrypted_shares" ("owner","created_at","id");
--> statement-breakpoint
ALTER TABLE "sessions" ALTER COLUMN "network_key_id" DROP NOT NULL;
