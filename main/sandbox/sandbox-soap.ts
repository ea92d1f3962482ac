/**
 * The sandbox's fake of TextPower's web services (textpower-service.md §7.3): a SOAP 1.1
 * endpoint on 127.0.0.1 at `/TPIServices/BasicInterfaceJSONV4.asmx`, served by node-soap's
 * own server from a WSDL this project writes (`?WSDL`), so the client is tested against real
 * HTTP and real SOAP. What is TextPower's: the path, the namespace, the SOAPAction form, the
 * `MessageValidationInfo { UID, PWD, Campaign, Keyword }` header and the operation names
 * `GetAccountData` and `ManageOptin`. What is SIMULATED (TextPower has not published it):
 * ManageOptin's parameters (`CellNumber`, `Command`), both operations' answers (JSON in the
 * result string), the faults, and every setting below. The opt state is the SFTP processor's.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import * as soap from 'soap';
import type { SandboxProcessor } from './sandbox-processor';

export const TEXTPOWER_NAMESPACE = 'http://www.textpower.com/services/';
export const SERVICE_PATH = '/TPIServices/BasicInterfaceJSONV4.asmx';
/** The sandbox's campaign (a sub-account); every account has at least one. */
export const SANDBOX_CAMPAIGN = 'SANDBOX';
export const SANDBOX_API_USER = 'sandbox-api';

export interface SandboxSoapOptions {
  processor: SandboxProcessor;
  port?: number;
  /** The API password (random per start unless given). */
  password?: string;
  /** Extra delay on every answer. */
  latencyMs?: number;
  /** Answer every Nth request with HTTP 503 (0: never). */
  failEvery?: number;
  /** Leave every Nth request unanswered (0: never), as a hung server would. */
  hangEvery?: number;
  /** More requests than this in any one second are refused (503, "rate exceeded"); 0: no ceiling. */
  maxPerSecond?: number;
  /** Serve a WSDL without ManageOptin (as an account without that SOAP level would see). */
  withoutManageOptin?: boolean;
}

export interface SandboxSoapService {
  url: string;
  user: string;
  password: string;
  campaign: string;
  /** Requests answered, by operation (for tests). */
  calls: { operation: string; at: number }[];
  /** When each SOAP request arrived, answered or refused (for tests of a client's rate limit). */
  received: number[];
  close(): Promise<void>;
}

function wsdl(url: string, withManageOptin: boolean): string {
  const op = (name: string, input: string) => ({ name, input });
  const operations = [
    op('GetAccountData', ''),
    ...(withManageOptin
      ? [op('ManageOptin', '<s:element minOccurs="0" maxOccurs="1" name="CellNumber" type="s:string"/><s:element minOccurs="0" maxOccurs="1" name="Command" type="s:string"/>')]
      : []),
  ];
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:tns="${TEXTPOWER_NAMESPACE}" targetNamespace="${TEXTPOWER_NAMESPACE}">
  <wsdl:documentation>SIMULATED by the TextPower Upload Assistant sandbox: operation names and the MessageValidationInfo header are TextPower's; ManageOptin's parameters and every answer are this project's guess.</wsdl:documentation>
  <wsdl:types>
    <s:schema elementFormDefault="qualified" targetNamespace="${TEXTPOWER_NAMESPACE}">
      <s:element name="MessageValidationInfo" type="tns:MessageValidationInfo"/>
      <s:complexType name="MessageValidationInfo"><s:sequence><s:element minOccurs="0" maxOccurs="1" name="UID" type="s:string"/><s:element minOccurs="0" maxOccurs="1" name="PWD" type="s:string"/><s:element minOccurs="0" maxOccurs="1" name="Campaign" type="s:string"/><s:element minOccurs="0" maxOccurs="1" name="Keyword" type="s:string"/></s:sequence></s:complexType>
${operations
  .map(
    (o) =>
      `      <s:element name="${o.name}"><s:complexType>${o.input ? `<s:sequence>${o.input}</s:sequence>` : ''}</s:complexType></s:element>
      <s:element name="${o.name}Response"><s:complexType><s:sequence><s:element minOccurs="0" maxOccurs="1" name="${o.name}Result" type="s:string"/></s:sequence></s:complexType></s:element>`,
  )
  .join('\n')}
    </s:schema>
  </wsdl:types>
${operations
  .map(
    (o) => `  <wsdl:message name="${o.name}SoapIn"><wsdl:part name="parameters" element="tns:${o.name}"/></wsdl:message>
  <wsdl:message name="${o.name}SoapOut"><wsdl:part name="parameters" element="tns:${o.name}Response"/></wsdl:message>
  <wsdl:message name="${o.name}MessageValidationInfo"><wsdl:part name="MessageValidationInfo" element="tns:MessageValidationInfo"/></wsdl:message>`,
  )
  .join('\n')}
  <wsdl:portType name="BasicInterfaceJSONV4Soap">
${operations.map((o) => `    <wsdl:operation name="${o.name}"><wsdl:input message="tns:${o.name}SoapIn"/><wsdl:output message="tns:${o.name}SoapOut"/></wsdl:operation>`).join('\n')}
  </wsdl:portType>
  <wsdl:binding name="BasicInterfaceJSONV4Soap" type="tns:BasicInterfaceJSONV4Soap">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
${operations
  .map(
    (o) =>
      `    <wsdl:operation name="${o.name}"><soap:operation soapAction="${TEXTPOWER_NAMESPACE}${o.name}" style="document"/><wsdl:input><soap:body use="literal"/><soap:header message="tns:${o.name}MessageValidationInfo" part="MessageValidationInfo" use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>`,
  )
  .join('\n')}
  </wsdl:binding>
  <wsdl:service name="BasicInterfaceJSONV4">
    <wsdl:port name="BasicInterfaceJSONV4Soap" binding="tns:BasicInterfaceJSONV4Soap"><soap:address location="${url}"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>`;
}

type Headers = { MessageValidationInfo?: { UID?: string; PWD?: string; Campaign?: string; Keyword?: string } } | undefined;

function fault(code: string, text: string, statusCode = 500) {
  return { Fault: { faultcode: `soap:${code}`, faultstring: text, statusCode } };
}

export async function startSandboxSoap(options: SandboxSoapOptions): Promise<SandboxSoapService> {
  const password = options.password ?? randomBytes(12).toString('base64url');
  const calls: SandboxSoapService['calls'] = [];
  const received: number[] = [];
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}${SERVICE_PATH}`;

  /** The header's login, checked as TextPower documents it: UID and PWD, then a keyword of the campaign. */
  const authorize = async (headers: Headers, operation: string): Promise<string> => {
    const info = headers?.MessageValidationInfo;
    if (!info || info.UID !== SANDBOX_API_USER || info.PWD !== password) throw fault('Client', 'Invalid UID or PWD in MessageValidationInfo (simulated fault).');
    if (info.Campaign !== SANDBOX_CAMPAIGN) throw fault('Client', `Campaign "${info.Campaign ?? ''}" is not a campaign of this account (simulated fault).`);
    const keyword = info.Keyword ?? '';
    if (keyword !== '' && !(await options.processor.keywords()).includes(keyword)) throw fault('Client', `Keyword "${keyword}" is not in campaign ${SANDBOX_CAMPAIGN} (simulated fault).`);
    calls.push({ operation, at: Date.now() });
    return keyword;
  };

  const services = {
    BasicInterfaceJSONV4: {
      BasicInterfaceJSONV4Soap: {
        GetAccountData: async (_args: unknown, _callback: unknown, headers: Headers) => {
          const keyword = await authorize(headers, 'GetAccountData');
          return {
            GetAccountDataResult: JSON.stringify({
              simulated: true,
              account: 'TextPower sandbox',
              campaign: SANDBOX_CAMPAIGN,
              keyword: keyword || null,
              optInType: 'Single',
              messagesRemaining: 10_000,
            }),
          };
        },
        ...(options.withoutManageOptin
          ? {}
          : {
              ManageOptin: async (args: { CellNumber?: string; Command?: string }, _callback: unknown, headers: Headers) => {
                const keyword = await authorize(headers, 'ManageOptin');
                if ((args.Command ?? 'Query').toLowerCase() !== 'query') throw fault('Client', `Command "${args.Command}" is not simulated: the sandbox answers Query only.`);
                const status = await options.processor.statusOf(keyword, args.CellNumber ?? '');
                return { ManageOptinResult: JSON.stringify({ simulated: true, cellNumber: args.CellNumber ?? '', keyword, ...status }) };
              },
            }),
      },
    },
  };
  // node-soap installs its request handler once it has read the WSDL (then calls back).
  await new Promise<void>((resolve) => soap.listen(server, SERVICE_PATH, services, wsdl(url, !options.withoutManageOptin), () => resolve()));
  // Injected faults and the rate ceiling sit in front of node-soap's own request handler.
  const soapHandlers = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  let requests = 0;
  const recent: number[] = [];
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const serve = (): void => soapHandlers.forEach((handler) => handler.call(server, req, res));
    if (req.method !== 'POST') return serve(); // the WSDL
    requests++;
    const now = Date.now();
    received.push(now);
    while (recent.length > 0 && (recent[0] as number) <= now - 1000) recent.shift();
    recent.push(now);
    if (options.maxPerSecond && recent.length > options.maxPerSecond) {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('rate exceeded (simulated)');
      return;
    }
    if (options.failEvery && requests % options.failEvery === 0) {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('service unavailable (simulated)');
      return;
    }
    if (options.hangEvery && requests % options.hangEvery === 0) return; // never answered
    if (options.latencyMs) setTimeout(serve, options.latencyMs).unref();
    else serve();
  });
  return {
    url,
    user: SANDBOX_API_USER,
    password,
    campaign: SANDBOX_CAMPAIGN,
    calls,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
