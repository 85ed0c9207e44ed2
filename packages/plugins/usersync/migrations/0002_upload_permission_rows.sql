ALTER TABLE "theusersync" ADD COLUMN "ctgryno" integer;--> statement-breakpoint
ALTER TABLE "theusersync" ADD COLUMN "indexdata" text;