CREATE SEQUENCE "public"."licensing_application_reference_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."licensing_license_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "licensing_application_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "licensing_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"portal_user_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"step" integer DEFAULT 0 NOT NULL,
	"license_type_id" uuid,
	"first_name" text,
	"last_name" text,
	"date_of_birth" date,
	"email" text,
	"phone" text,
	"address_line1" text,
	"address_line2" text,
	"city" text,
	"postal_code" text,
	"country" text,
	"qualifications" text,
	"declaration_accepted_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_by_id" text,
	"decided_by_name" text,
	"decision_note" text,
	"person_id" uuid,
	"license_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "licensing_applications_status" CHECK ("licensing_applications"."status" in ('draft', 'submitted', 'approved', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "licensing_license_types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"number_prefix" text NOT NULL,
	"validity_months" integer DEFAULT 12 NOT NULL,
	"open_for_applications" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "licensing_license_types_validity" CHECK ("licensing_license_types"."validity_months" between 1 and 240)
);
--> statement-breakpoint
CREATE TABLE "licensing_licenses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"license_number" text NOT NULL,
	"license_type_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"issued_on" date NOT NULL,
	"expires_on" date NOT NULL,
	"application_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "licensing_licenses_status" CHECK ("licensing_licenses"."status" in ('active', 'expired', 'suspended', 'revoked')),
	CONSTRAINT "licensing_licenses_dates" CHECK ("licensing_licenses"."expires_on" >= "licensing_licenses"."issued_on")
);
--> statement-breakpoint
CREATE TABLE "licensing_persons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"date_of_birth" date,
	"email" text,
	"phone" text,
	"address_line1" text,
	"address_line2" text,
	"city" text,
	"postal_code" text,
	"country" text,
	"portal_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "licensing_renewal_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"license_id" uuid NOT NULL,
	"portal_user_id" uuid,
	"status" text DEFAULT 'requested' NOT NULL,
	"note" text,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"handled_at" timestamp with time zone,
	"handled_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "licensing_renewal_requests_status" CHECK ("licensing_renewal_requests"."status" in ('requested', 'renewed', 'declined'))
);
--> statement-breakpoint
ALTER TABLE "licensing_application_files" ADD CONSTRAINT "licensing_application_files_application_id_licensing_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."licensing_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licensing_applications" ADD CONSTRAINT "licensing_applications_portal_user_id_portal_users_id_fk" FOREIGN KEY ("portal_user_id") REFERENCES "public"."portal_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licensing_applications" ADD CONSTRAINT "licensing_applications_license_type_id_licensing_license_types_id_fk" FOREIGN KEY ("license_type_id") REFERENCES "public"."licensing_license_types"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licensing_applications" ADD CONSTRAINT "licensing_applications_person_id_licensing_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."licensing_persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licensing_applications" ADD CONSTRAINT "licensing_applications_license_id_licensing_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licensing_licenses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licensing_licenses" ADD CONSTRAINT "licensing_licenses_license_type_id_licensing_license_types_id_fk" FOREIGN KEY ("license_type_id") REFERENCES "public"."licensing_license_types"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licensing_licenses" ADD CONSTRAINT "licensing_licenses_person_id_licensing_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."licensing_persons"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licensing_persons" ADD CONSTRAINT "licensing_persons_portal_user_id_portal_users_id_fk" FOREIGN KEY ("portal_user_id") REFERENCES "public"."portal_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licensing_renewal_requests" ADD CONSTRAINT "licensing_renewal_requests_license_id_licensing_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licensing_licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licensing_renewal_requests" ADD CONSTRAINT "licensing_renewal_requests_portal_user_id_portal_users_id_fk" FOREIGN KEY ("portal_user_id") REFERENCES "public"."portal_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "licensing_application_files_application_idx" ON "licensing_application_files" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "licensing_applications_reference_key" ON "licensing_applications" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "licensing_applications_portal_user_idx" ON "licensing_applications" USING btree ("portal_user_id","status");--> statement-breakpoint
CREATE INDEX "licensing_applications_status_idx" ON "licensing_applications" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "licensing_applications_last_name_trgm" ON "licensing_applications" USING gin ("last_name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "licensing_license_types_code_key" ON "licensing_license_types" USING btree (lower("code"));--> statement-breakpoint
CREATE UNIQUE INDEX "licensing_licenses_number_key" ON "licensing_licenses" USING btree ("license_number");--> statement-breakpoint
CREATE INDEX "licensing_licenses_person_idx" ON "licensing_licenses" USING btree ("person_id","status","expires_on");--> statement-breakpoint
CREATE INDEX "licensing_licenses_number_trgm" ON "licensing_licenses" USING gin ("license_number" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "licensing_persons_portal_user_key" ON "licensing_persons" USING btree ("portal_user_id");--> statement-breakpoint
CREATE INDEX "licensing_persons_last_name_trgm" ON "licensing_persons" USING gin ("last_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "licensing_persons_first_name_trgm" ON "licensing_persons" USING gin ("first_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "licensing_persons_email_trgm" ON "licensing_persons" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "licensing_persons_name_sort_idx" ON "licensing_persons" USING btree ("last_name","id");--> statement-breakpoint
CREATE INDEX "licensing_renewal_requests_license_idx" ON "licensing_renewal_requests" USING btree ("license_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "licensing_renewal_requests_open_key" ON "licensing_renewal_requests" USING btree ("license_id") WHERE "licensing_renewal_requests"."status" = 'requested';