import { describeService } from './service/service';
import { describeConsoleFiles } from './service/console-files';
import { describeAdminCli } from './service/admin-cli';
import { shareTestEnvironment } from './support/environment';

const environment = shareTestEnvironment('papi_service');
describeService(environment);
describeConsoleFiles(environment);
describeAdminCli(environment);
