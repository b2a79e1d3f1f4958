import { packageLambda } from './lambda-package';

// `npm run build -w @homeport/alexa-lambda`: dist/alexa-lambda.zip, to upload as the function's code.
packageLambda().then(
  ({ zipPath }) => {
    console.log(`alexa-lambda: ${zipPath}`);
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
