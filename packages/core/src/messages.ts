/** Messages the product brief fixes word for word. */
export const Messages = {
  ORDER_RECEIVED: 'Your request has been received. Your video will automatically be updated upon completion.',
  REACH_DISABLED: 'For OCR functionality to work, REACH must be enabled on the account.',
  ALREADY_IN_PROGRESS: 'The request is already in progress, therefore cannot be canceled.',
  NO_REQUESTS: 'No requests were found',
} as const;
