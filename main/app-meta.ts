/** The package's own name and version, read once from package.json (bundled by the build). */
import packageJson from '../package.json' with { type: 'json' };

export const APP_NAME: string = packageJson.name;
export const PRODUCT_NAME: string = packageJson.productName;
export const APP_VERSION: string = packageJson.version;
