import { mailModule } from './mail-module';

/** The mail package as a Portico plugin (`"portico": { "id": "mail" }`), configured from the environment. */
export default mailModule();
