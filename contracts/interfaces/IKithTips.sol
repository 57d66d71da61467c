// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKithSignatures} from "./IKithSignatures.sol";

/// @title Kith tips
/// @notice Tips in ETH or ERC-20 to the author of a post, recorded per post. Tips accrue to the
///         author's profile (not to an address), and the profile's custody withdraws them when it
///         likes (pull payments): a tip never calls the author, so a hostile author cannot block it.
interface IKithTips {
    /// @notice The author encoded in `postId` is not a registered profile.
    error UnknownPost(uint256 postId);
    /// @notice A tip of nothing.
    error ZeroAmount();
    /// @notice `caller` may not act for `profileId` (withdraw: custody only; tip attribution:
    ///         custody or an app key with the tip scope).
    error NotAuthorized(uint256 profileId, address caller);
    /// @notice Withdrawals need a recipient other than the zero address and this contract.
    error InvalidRecipient(address to);
    /// @notice The profile has no balance of `token` to withdraw.
    error NothingToWithdraw(uint256 profileId, address token);

    /// @notice `tipper` tipped `amount` of `token` (the zero address for ETH) to `postId`'s author,
    ///         as `fromProfileId` (0 for an anonymous tip).
    /// @dev The indexer may rely on: `amount` is what the author's balance grew by (for tokens that
    ///      take a fee on transfer, what arrived, not what was sent); `authorId` is registered.
    event Tipped(
        uint256 indexed postId,
        uint256 indexed authorId,
        uint256 indexed fromProfileId,
        address tipper,
        address token,
        uint256 amount
    );

    /// @notice The custody of `profileId` withdrew its whole `token` balance to `to`.
    event Withdrawn(uint256 indexed profileId, address indexed token, address indexed to, uint256 amount);

    /// @notice The Kith contract whose profiles and posts this contract tips.
    function kith() external view returns (address);

    /// @notice What `profileId` can withdraw of `token` (the zero address for ETH).
    function balanceOf(uint256 profileId, address token) external view returns (uint256);

    /// @notice Tips `msg.value` ETH to the author of `postId`, as `fromProfileId` (0: anonymous).
    function tip(uint256 postId, uint256 fromProfileId) external payable;

    /// @notice Tips `amount` of `token` (pulled from `msg.sender`, which must have approved this
    ///         contract) to the author of `postId`, as `fromProfileId` (0: anonymous).
    function tipToken(uint256 postId, uint256 fromProfileId, address token, uint256 amount) external;

    /// @notice `tipToken` paid by `auth.signer` (who approved this contract), submitted by anyone.
    function tipTokenFor(
        uint256 postId,
        uint256 fromProfileId,
        address token,
        uint256 amount,
        IKithSignatures.SignedAuth calldata auth
    ) external;

    /// @notice Sends the whole `token` balance of `profileId` to `to`. Custody only.
    function withdraw(uint256 profileId, address token, address to) external;
}
