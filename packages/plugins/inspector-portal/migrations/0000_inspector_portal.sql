CREATE SEQUENCE "public"."inspector_inspection_reference_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."inspector_badge_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "inspector_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by_portal_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspector_inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"person_id" uuid NOT NULL,
	"license_id" uuid,
	"premises_address" text NOT NULL,
	"scheduled_for" timestamp with time zone NOT NULL,
	"inspection_type" text NOT NULL,
	"inspector_id" uuid NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"findings" text,
	"result" text,
	"conditions" text,
	"started_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"created_by_id" text,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "inspector_inspections_status" CHECK ("inspector_inspections"."status" in ('scheduled', 'in-progress', 'submitted', 'closed')),
	CONSTRAINT "inspector_inspections_result" CHECK ("inspector_inspections"."result" is null or "inspector_inspections"."result" in ('pass', 'pass-with-conditions', 'fail')),
	CONSTRAINT "inspector_inspections_type" CHECK ("inspector_inspections"."inspection_type" in ('routine', 'pre-licence', 'follow-up', 'complaint')),
	CONSTRAINT "inspector_inspections_submitted" CHECK ("inspector_inspections"."status" not in ('submitted', 'closed') or ("inspector_inspections"."result" is not null and "inspector_inspections"."submitted_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "inspector_inspectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"portal_user_id" uuid NOT NULL,
	"badge_number" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by_id" text,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inspector_attachments" ADD CONSTRAINT "inspector_attachments_inspection_id_inspector_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspector_inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_attachments" ADD CONSTRAINT "inspector_attachments_uploaded_by_portal_user_id_portal_users_id_fk" FOREIGN KEY ("uploaded_by_portal_user_id") REFERENCES "public"."portal_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_inspections" ADD CONSTRAINT "inspector_inspections_person_id_licensing_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."licensing_persons"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_inspections" ADD CONSTRAINT "inspector_inspections_license_id_licensing_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licensing_licenses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_inspections" ADD CONSTRAINT "inspector_inspections_inspector_id_inspector_inspectors_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."inspector_inspectors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_inspectors" ADD CONSTRAINT "inspector_inspectors_portal_user_id_portal_users_id_fk" FOREIGN KEY ("portal_user_id") REFERENCES "public"."portal_users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspector_attachments_inspection_idx" ON "inspector_attachments" USING btree ("inspection_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "inspector_inspections_reference_key" ON "inspector_inspections" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "inspector_inspections_inspector_idx" ON "inspector_inspections" USING btree ("inspector_id","status","scheduled_for");--> statement-breakpoint
CREATE INDEX "inspector_inspections_person_idx" ON "inspector_inspections" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "inspector_inspections_scheduled_idx" ON "inspector_inspections" USING btree ("scheduled_for","id");--> statement-breakpoint
CREATE INDEX "inspector_inspections_created_at_idx" ON "inspector_inspections" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "inspector_inspections_premises_trgm" ON "inspector_inspections" USING gin ("premises_address" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "inspector_inspectors_portal_user_key" ON "inspector_inspectors" USING btree ("portal_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspector_inspectors_badge_key" ON "inspector_inspectors" USING btree (lower("badge_number"));--> statement-breakpoint
CREATE INDEX "inspector_inspectors_created_at_idx" ON "inspector_inspectors" USING btree ("created_at","id");