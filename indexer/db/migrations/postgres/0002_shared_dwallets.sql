ALTER TABLE "dwallets" ADD COLUMN "public_user_share" text;
