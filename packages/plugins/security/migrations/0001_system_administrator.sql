-- Custom SQL migration file, put your code below! --
INSERT INTO "security_groups" ("name", "description", "builtin") VALUES ('System Administrator', 'Every privilege on every module and record. Built in; cannot be deleted.', 'system-administrator');
